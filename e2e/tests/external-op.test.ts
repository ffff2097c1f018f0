import type { Response } from 'playwright-core';
import { DEMO_USER } from '../../sandbox/src/albums';
import { EXTERNAL_VIEWER_CLIENT_ID } from '../../sandbox/src/externalOp/clients';
import { useBrowserSuite, type BrowserSuite } from '../lib/browserSuite';
import { keepWorking } from '../lib/keepWorking';
import { launchSecrets, webStorageDump } from '../lib/launchSecrets';
import { launchStudy } from '../lib/launchStudy';
import { displayedSeriesUIDs } from '../lib/ohifPage';
import { clearSandboxRequests, sandboxRequests } from '../lib/sandboxRequests';
import { waitForRenderedViewport } from '../lib/waitForRenderedViewport';
import { waitUntil } from '../lib/waitUntil';

// L4 against an OpenID provider nobody here wrote: panva's oidc-provider (--external-op) is the issuer, its stock
// devInteractions pages do login and consent, and the KHEOPS gateway accepts its access tokens by introspection.

const SECRET_PARAMS = ['code', 'access_token', 'state', 'login_hint', 'iss', 'session_state', 'id_token'];
const DICOMWEB = /^\/api\/(studies|wado)/;
const TOKEN_TTL_S = 20;
const WORK_MS = 32_000;

/** Token-endpoint responses of the external OP as the browser saw them (the tokens the viewer holds). */
function recordTokenResponses(suite: BrowserSuite, issuer: string) {
  const tokens: Array<{
    grantType: string | null;
    status: number;
    at: number;
    body: Record<string, unknown>;
  }> = [];
  const onResponse = async (res: Response) => {
    if (res.url() !== `${issuer}/token` || res.request().method() !== 'POST') return;
    const grantType = new URLSearchParams(res.request().postData() ?? '').get('grant_type');
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    tokens.push({ grantType, status: res.status(), at: Date.now(), body });
  };
  suite.session.context.on('response', onResponse);
  return {
    tokens,
    values: () =>
      tokens.flatMap((t) =>
        ['access_token', 'refresh_token', 'id_token']
          .map((k) => t.body[k])
          .filter((v): v is string => typeof v === 'string'),
      ),
    stop: () => suite.session.context.off('response', onResponse),
  };
}

describe('L4 with panva oidc-provider as the issuer (--external-op)', () => {
  const suite = useBrowserSuite(['--profile', 'ohif', '--external-op', '--token-ttl', String(TOKEN_TTL_S)]);

  suite.test(
    'PKCE login at the external OP, the clicked series renders, no secret kept, tokens introspected, refresh rotates',
    async () => {
      const { viewer, root } = suite.sandbox;
      const issuer = suite.sandbox.externalIssuer!;
      expect(issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      console.warn(`external OP started in ${suite.sandbox.externalOpMs} ms`);
      const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
      const clicked = study.series[2]!;
      await clearSandboxRequests(root);
      const seen = recordTokenResponses(suite, issuer);
      try {
        const { popup, clickedAt } = await launchStudy(suite, {
          style: 'L4',
          issuer: 'external',
          study,
          series: clicked.seriesInstanceUID,
          until: 'popup', // the OP's login page comes first
        });

        // The viewer sent the browser to the OP's authorization endpoint: a standard code + PKCE request.
        await popup.waitForSelector('input[name="login"]', { timeout: 30_000 });
        const loginShownMs = Date.now() - clickedAt;
        const authorize = suite.session.recorder.requests.find(
          (r) => r.resourceType === 'document' && r.url.startsWith(`${issuer}/auth?`),
        );
        expect(authorize).toBeDefined();
        const q = new URL(authorize!.url).searchParams;
        expect(q.get('client_id')).toBe(EXTERNAL_VIEWER_CLIENT_ID);
        expect(q.get('response_type')).toBe('code');
        expect(q.get('redirect_uri')).toBe(`${viewer}/kheops`);
        expect(q.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'read', 'write']));
        expect(q.get('code_challenge_method')).toBe('S256');
        expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
        expect(q.get('state')).toBeTruthy();
        expect(q.get('nonce')).toBeTruthy();
        expect(q.get('login_hint')).toBe(DEMO_USER.sub);

        // The OP's own login page, prefilled from login_hint, then its consent page.
        expect(await popup.inputValue('input[name="login"]')).toBe(DEMO_USER.sub);
        await popup.fill('input[name="password"]', 'any password');
        await popup.click('button[type="submit"]');
        await popup.waitForSelector('input[name="prompt"][value="consent"]', {
          state: 'attached',
          timeout: 30_000,
        });
        const consentAt = Date.now();
        await popup.click('button[type="submit"]');

        await waitForRenderedViewport(popup, { timeout: 60_000 });
        const renderedAt = Date.now();
        console.warn(
          `external L4: click to login page ${loginShownMs} ms, consent to first image ${renderedAt - consentAt} ms, ` +
            `click to first image ${renderedAt - clickedAt} ms (login and consent clicked by the test)`,
        );
        expect(await displayedSeriesUIDs(popup)).toContain(clicked.seriesInstanceUID);

        // The code went to the token endpoint once, and came back with a refresh token.
        const codeGrant = seen.tokens.filter((t) => t.grantType === 'authorization_code');
        expect(codeGrant).toHaveLength(1);
        expect(codeGrant[0]!.status).toBe(200);
        expect(codeGrant[0]!.body).toMatchObject({ token_type: 'Bearer', expires_in: TOKEN_TTL_S });
        expect(typeof codeGrant[0]!.body.refresh_token).toBe('string');

        // Address bar: the study context only.
        const shown = new URL(popup.url());
        expect(shown.origin).toBe(viewer);
        expect(shown.pathname).toBe('/kheops');
        expect(shown.hash).toBe('');
        expect(shown.searchParams.get('StudyInstanceUIDs')).toBe(study.studyInstanceUID);
        expect(shown.searchParams.get('initialSeriesInstanceUID')).toBe(clicked.seriesInstanceUID);
        for (const p of SECRET_PARAMS) expect(shown.searchParams.has(p)).toBe(false);

        // Web storage: no code, state, token of any kind.
        const navigations = suite.session.recorder.navigations.map((n) => n.url);
        const callback = navigations.find((u) => u.startsWith(`${viewer}/kheops?`) && u.includes('code='));
        expect(callback).toBeDefined();
        expect(new URL(callback!).searchParams.get('iss')).toBe(issuer); // RFC 9207, from the OP
        const secrets = [...launchSecrets(navigations).filter((s) => s !== DEMO_USER.sub), ...seen.values()];
        expect(secrets.length).toBeGreaterThan(3);
        const storage = (await webStorageDump(popup)).join('\n');
        for (const secret of secrets) expect(storage).not.toContain(secret);
        expect(storage).not.toMatch(/eyJ[\w-]+\.[\w-]+/);

        // Keep working past two access-token lifetimes: scroll, drop the image cache, query through OHIF.
        await keepWorking(popup, study.studyInstanceUID, WORK_MS);
        await waitForRenderedViewport(popup, { timeout: 30_000 });

        // Silent refresh at the OP's token endpoint, with rotation.
        const refreshes = suite.session.recorder
          .matching(`${issuer}/token`, 'POST')
          .filter((r) => new URLSearchParams(r.postData ?? '').get('grant_type') === 'refresh_token');
        console.warn(`external L4: ${refreshes.length} refreshes in ${WORK_MS / 1000} s`);
        expect(refreshes.length).toBeGreaterThanOrEqual(1);
        expect(refreshes.every((r) => r.status === 200)).toBe(true);
        await waitUntil(
          () => seen.tokens.filter((t) => t.grantType === 'refresh_token').length >= refreshes.length,
          5_000,
          'refresh responses',
        );
        const refreshTokens = seen.tokens.map((t) => t.body.refresh_token).filter(Boolean);
        // Every token response (the code grant and each refresh) carried one, and each refresh rotated it.
        expect(seen.tokens.length).toBeGreaterThanOrEqual(2);
        expect(refreshTokens).toHaveLength(seen.tokens.length);
        expect(new Set(refreshTokens).size).toBe(refreshTokens.length);
        const storageAfter = (await webStorageDump(popup)).join('\n');
        for (const secret of seen.values()) expect(storageAfter).not.toContain(secret);

        // No secret in any later URL or header (Referer included), apart from the launch navigations themselves.
        const allSecrets = [...secrets, ...seen.values()];
        const isLaunchMessage = (r: { resourceType: string; url: string }) =>
          r.resourceType === 'document' &&
          (navigations.includes(r.url) || r.url.startsWith(`${issuer}/auth?`));
        const later = suite.session.recorder.matching(/./).filter((x) => !isLaunchMessage(x));
        expect(later.length).toBeGreaterThan(20); // the viewer's own files, metadata, frames, refreshes
        for (const r of later) {
          const wire = `${r.url}\n${Object.values(r.headers).join('\n')}`;
          for (const secret of allSecrets) expect(wire).not.toContain(secret);
        }

        // Every DICOMweb request from the viewer carried an OP token the gateway found valid and unexpired.
        const log = (await sandboxRequests(root)).filter((e) => DICOMWEB.test(e.path) && e.origin === viewer);
        const frames = log.filter((e) => /\/frames\//.test(e.path));
        console.warn(`external L4: ${log.length} DICOMweb requests, ${frames.length} frame requests`);
        expect(log.length).toBeGreaterThan(20);
        const bad = log.filter(
          (e) =>
            e.tokenVia !== 'bearer' ||
            !e.tokenPresent ||
            !e.tokenValid ||
            !e.tokenUnexpired ||
            e.tokenKind !== 'external' ||
            e.status >= 400,
        );
        expect(bad).toEqual([]);
        // ...including after the first refresh.
        const firstRefreshAt = seen.tokens.find((t) => t.grantType === 'refresh_token')!.at;
        expect(log.filter((e) => Date.parse(e.at) > firstRefreshAt).length).toBeGreaterThan(5);

        suite.session.recorder.assertAllLoopback();
      } finally {
        seen.stop();
      }
    },
    WORK_MS + 110_000,
  );

  suite.test('a second launch reuses the OP session: no login, no consent, the series renders', async () => {
    const issuer = suite.sandbox.externalIssuer!;
    const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
    const clicked = study.series[0]!;
    await clearSandboxRequests(suite.sandbox.root);
    const { popup, clickedAt } = await launchStudy(suite, {
      style: 'L4',
      issuer: 'external',
      study,
      series: clicked.seriesInstanceUID,
    });
    console.warn(`external L4, OP session reused: click to first image ${Date.now() - clickedAt} ms`);
    expect(await displayedSeriesUIDs(popup)).toContain(clicked.seriesInstanceUID);
    expect(suite.session.recorder.matching(`${issuer}/interaction/`)).toEqual([]);
    expect(suite.session.recorder.matching(`${issuer}/auth?`).length).toBe(1);
    const log = (await sandboxRequests(suite.sandbox.root)).filter(
      (e) => DICOMWEB.test(e.path) && e.origin === suite.sandbox.viewer,
    );
    expect(log.length).toBeGreaterThan(5);
    expect(log.every((e) => e.tokenUnexpired && e.tokenKind === 'external' && e.status < 400)).toBe(true);
    suite.session.recorder.assertAllLoopback();
  });
});

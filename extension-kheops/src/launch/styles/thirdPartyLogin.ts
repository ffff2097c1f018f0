import type { ThirdPartyLaunch } from '../Launch';
import { LaunchError } from '../LaunchError';
import { studyContext } from '../launchFields';
import { LaunchParams } from '../LaunchParams';
import { requireTrustedUrl } from '../origins';
import type { LaunchStyleModule } from './LaunchStyle';
import { ISSUER_KEY, openIdSignIn } from './openIdSignIn';

/** L4 — OIDC Third Party Initiated Login: the viewer starts the code flow with PKCE at `iss`. */
export const thirdPartyLogin: LaunchStyleModule<ThirdPartyLaunch> = {
  style: 'L4',

  detect: ({ query: q }) => q.has('iss') || q.has('login_hint') || q.has('target_link_uri'),

  parse({ query: q }, trust) {
    // A sign-in request never carries a sign-in response: a URL with both is forged or broken, and starting a
    // sign-in from it would hand its login_hint to the authorization server.
    if (['code', 'state', 'error'].some((name) => q.has(name)))
      throw new LaunchError(
        'malformed_url',
        'A sign-in request (iss, login_hint, target_link_uri) cannot carry a sign-in response (code, state or error).',
      );
    const issuer = requireTrustedUrl(q.required('iss'), trust.trustedOrigins, 'iss');
    const loginHint = q.secret('login_hint');
    const raw = q.required('target_link_uri');
    let target: URL;
    try {
      target = new URL(raw, trust.viewerOrigin);
    } catch {
      throw new LaunchError('bad_target_link_uri', 'The launch parameter "target_link_uri" is not a URL.');
    }
    const path = target.pathname.replace(/\/+$/, '');
    if (target.origin !== trust.viewerOrigin || path !== trust.route || target.username || target.password) {
      throw new LaunchError(
        'bad_target_link_uri',
        `The launch parameter "target_link_uri" must point to this viewer's ${trust.route} route.`,
      );
    }
    const t = new LaunchParams(target.searchParams);
    const ctx = studyContext(
      t.list('StudyInstanceUIDs'),
      t.list('initialSeriesInstanceUID'),
      'StudyInstanceUIDs',
      'initialSeriesInstanceUID',
    );
    return {
      style: 'L4',
      issuer: issuer.href.replace(/\/$/, ''),
      loginHint,
      targetLinkUri: target.href,
      ...ctx,
    };
  },

  async start(launch, ctx) {
    const { oidc } = await openIdSignIn(launch.issuer, ctx);
    ctx.win.sessionStorage.setItem(ISSUER_KEY, launch.issuer);
    ctx.win.location.replace(await oidc.authorizationUrl(launch.loginHint, launch.targetLinkUri));
    return { ok: 'redirecting' };
  },
};

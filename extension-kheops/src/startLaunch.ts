import { cleanUrl } from './launch/cleanUrl';
import type { Launch, StudyContext } from './launch/Launch';
import { checkStudiesGranted } from './launch/checkStudiesGranted';
import { checkWritePermission } from './launch/checkWritePermission';
import { LaunchError } from './launch/LaunchError';
import { LaunchSettingsStore } from './launch/LaunchSettings';
import { isTrustedUrl } from './launch/origins';
import { parseLaunch } from './launch/parseLaunch';
import { clientIdList, type KheopsConfiguration, type OpenIdProviderConfig } from './KheopsConfiguration';
import { OidcLaunch, clearPendingSignins, type Grant } from './session/OidcLaunch';
import { loadOpenIdConfig, loadReportProviderConfig } from './session/ServerConfig';
import { Session } from './session/Session';
import { userSub } from './session/userSub';

export type LaunchStyle = Exclude<Launch['style'], 'callback' | 'none'>;

/** A launch that went through: where DICOMweb lives, the session holding the token, what was granted. */
export interface ReadyLaunch {
  ok: true;
  style: LaunchStyle;
  endpoint: string;
  session: Session;
  context: StudyContext;
  returnUri?: string;
  /** Who the launch acts for, when KHEOPS says (ID token or userinfo); scopes local drafts and outbox. */
  user?: string;
}
export type LaunchOutcome = ReadyLaunch | { ok: false; error: LaunchError } | { ok: 'redirecting' };

export interface BrowserWindow {
  location: { href: string; origin: string; replace(url: string): void };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: Storage;
}

const RETURN_KEY = 'kheops.returnUri';

function agree(hint: StudyContext, grant: Grant): StudyContext {
  if (!grant.studyUIDs) return { studyUIDs: hint.studyUIDs, seriesUID: grant.seriesUID ?? hint.seriesUID };
  const granted = new Set(grant.studyUIDs);
  const stray = hint.studyUIDs.filter((s) => !granted.has(s));
  if (stray.length)
    throw new LaunchError(
      'context_mismatch',
      'The launch names a study that KHEOPS did not grant to this viewer.',
    );
  const ordered = [...hint.studyUIDs, ...grant.studyUIDs.filter((s) => !hint.studyUIDs.includes(s))];
  return { studyUIDs: ordered, seriesUID: grant.seriesUID ?? hint.seriesUID };
}

/**
 * Runs a launch to the point where OHIF can boot: validates the URL, scrubs every secret from the address
 * bar before anything else reads it, exchanges or checks the token, and builds the session.
 * Never throws: failures come back as a LaunchError for the error screen.
 */
export async function startLaunch(win: BrowserWindow, config: KheopsConfiguration): Promise<LaunchOutcome> {
  let returnUri: string | undefined;
  try {
    const settings = new LaunchSettingsStore({
      trustedOrigins: config.trustedOrigins,
      clientIds: clientIdList(config.clientIds),
      route: config.route,
      viewerOrigin: win.location.origin,
    });
    const stored = win.sessionStorage.getItem(RETURN_KEY) ?? undefined;
    returnUri = isTrustedUrl(stored, settings.trustedOrigins) ? stored : undefined;
    const href = win.location.href; // read once: the address bar is scrubbed right below
    let launch: Launch;
    try {
      launch = parseLaunch(href, settings);
    } catch (err) {
      // A malformed callback (empty code, duplicated state…) ends the sign-in too: drop its state and PKCE verifier.
      clearPendingSignins(win.sessionStorage);
      win.sessionStorage.removeItem('kheops.issuer');
      throw err;
    } finally {
      // Whatever happens next, the address bar and history keep no secret.
      win.history.replaceState(null, '', settings.route);
    }
    if (launch.style !== 'callback') win.history.replaceState(null, '', cleanUrl(settings.route, launch));
    if ('returnUri' in launch && launch.returnUri) {
      returnUri = launch.returnUri;
      win.sessionStorage.setItem(RETURN_KEY, returnUri);
    }
    const redirectUri = config.redirectUri ?? `${settings.viewerOrigin}${settings.route}`;
    const scope = config.scope ?? 'openid read write';
    const now = Date.now();

    // L4 and its callback: an issuer from openIdProviders brings its own client id, scope and DICOMweb endpoint.
    const openIdLaunch = async (issuer: string) => {
      const provider = openIdProvider(config, issuer);
      const server = await loadOpenIdConfig(
        issuer,
        settings.trustedOrigins,
        undefined,
        provider?.dicomwebEndpoint,
      );
      const oidc = new OidcLaunch({
        clientId: provider?.clientId ?? thirdPartyClient(config),
        redirectUri,
        scope: provider?.scope ?? scope,
        config: server,
        stateStorage: win.sessionStorage,
      });
      return { server, oidc };
    };

    switch (launch.style) {
      case 'none':
        throw new LaunchError(
          'no_session',
          launch.studyUIDs.length
            ? 'This viewer window has no KHEOPS session for the study.'
            : 'This viewer opens studies launched from KHEOPS.',
          returnUri,
        );
      case 'L1': {
        const lifetime = (config.legacyTokenLifetimeSeconds ?? 18000) * 1000;
        // Both ask KHEOPS with the viewer token; the write check tells a sharing link (read-only) apart.
        const [, access] = await Promise.all([
          checkStudiesGranted(launch.dicomwebEndpoint, launch.accessToken, launch.studyUIDs, returnUri),
          checkWritePermission(launch.dicomwebEndpoint, launch.accessToken, launch.studyUIDs[0]!),
        ]);
        const scope = { 'read-only': 'viewer read', 'read-write': 'viewer read write', unknown: undefined }[
          access
        ];
        const session = new Session(
          { accessToken: launch.accessToken, expiresAt: now + lifetime, scope },
          null,
        );
        return {
          ok: true,
          style: 'L1',
          endpoint: launch.dicomwebEndpoint,
          session,
          context: launch,
          returnUri,
        };
      }
      case 'L2': {
        const server = await loadReportProviderConfig(launch.confUri, settings.trustedOrigins);
        // Both ask KHEOPS with the launch token; neither needs the other's answer.
        const [, user] = await Promise.all([
          checkStudiesGranted(server.dicomwebEndpoint, launch.accessToken, launch.studyUIDs, returnUri),
          userSub(server.userinfoEndpoint, launch.accessToken),
        ]);
        const expiresAt = now + (launch.expiresIn ?? 3600) * 1000;
        const session = new Session(
          { accessToken: launch.accessToken, expiresAt, scope: launch.scope },
          null,
        );
        return {
          ok: true,
          style: 'L2',
          endpoint: server.dicomwebEndpoint,
          session,
          context: launch,
          returnUri,
          user,
        };
      }
      case 'L3': {
        const server = await loadReportProviderConfig(launch.confUri, settings.trustedOrigins);
        if (!server.tokenEndpoint)
          throw new LaunchError('bad_token_response', 'KHEOPS publishes no token endpoint.', returnUri);
        const oidc = new OidcLaunch({
          clientId: launch.clientId,
          redirectUri,
          scope: 'read write',
          config: server,
          stateStorage: win.sessionStorage,
        });
        const grant = await oidc.exchangeUnsolicitedCode(launch.code);
        const context = agree(launch, grant);
        win.history.replaceState(null, '', cleanUrl(settings.route, context));
        return {
          ok: true,
          style: 'L3',
          endpoint: server.dicomwebEndpoint,
          session: new Session(grant.token, grant.refresher),
          context,
          returnUri,
          user: await userSub(server.userinfoEndpoint, grant.token.accessToken),
        };
      }
      case 'L4': {
        const { oidc } = await openIdLaunch(launch.issuer);
        win.sessionStorage.setItem('kheops.issuer', launch.issuer);
        win.location.replace(await oidc.authorizationUrl(launch.loginHint, launch.targetLinkUri));
        return { ok: 'redirecting' };
      }
      case 'callback': {
        const cb = launch;
        const completeCallback = async (issuer: string | null): Promise<ReadyLaunch> => {
          if (!issuer || !isTrustedUrl(issuer, settings.trustedOrigins)) {
            throw new LaunchError(
              'state_mismatch',
              'This sign-in response does not match a sign-in this viewer started.',
              returnUri,
            );
          }
          const { server, oidc } = await openIdLaunch(issuer);
          const grant = await oidc.completeAuthorization(href, cb);
          const target = parseLaunch(grant.target ?? `${settings.viewerOrigin}${settings.route}`, settings);
          const context = agree(target.style === 'none' ? target : { studyUIDs: [] }, grant);
          win.history.replaceState(null, '', cleanUrl(settings.route, context));
          return {
            ok: true,
            style: 'L4',
            endpoint: server.dicomwebEndpoint,
            session: new Session(grant.token, grant.refresher),
            context,
            returnUri,
            user: grant.user,
          };
        };
        // Whatever the outcome (forged, failed, unsolicited, granted), no pending sign-in of ours (its state and
        // PKCE verifier) and no issuer of a started sign-in stays in this tab's sessionStorage.
        const issuer = win.sessionStorage.getItem('kheops.issuer');
        win.sessionStorage.removeItem('kheops.issuer');
        try {
          return await completeCallback(issuer);
        } finally {
          clearPendingSignins(win.sessionStorage);
        }
      }
    }
  } catch (err) {
    const error =
      err instanceof LaunchError
        ? err.returnUri || !returnUri
          ? err
          : new LaunchError(err.code, err.message, returnUri)
        : new LaunchError(
            'bad_token_response',
            `The launch failed: ${err instanceof Error ? err.message : String(err)}`,
            returnUri,
          );
    return { ok: false, error };
  }
}

/** The configured openIdProviders entry for an L4 issuer other than KHEOPS (trailing slashes aside), if any. */
function openIdProvider(config: KheopsConfiguration, issuer: string): OpenIdProviderConfig | undefined {
  const bare = (u: string) => u.replace(/\/+$/, '');
  return (config.openIdProviders ?? []).find((p) => bare(p.issuer) === bare(issuer));
}

function thirdPartyClient(config: KheopsConfiguration): string {
  const ids = config.clientIds;
  const id = ids && !Array.isArray(ids) ? ids.thirdParty : clientIdList(ids)[0];
  if (!id)
    throw new LaunchError(
      'unknown_client',
      'This viewer has no client id for KHEOPS sign-in; ask the administrator to register it.',
    );
  return id;
}

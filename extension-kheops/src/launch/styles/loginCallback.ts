import { clearPendingSignins } from '../../session/OidcLaunch';
import { Session } from '../../session/Session';
import { agreeContext } from '../agreeContext';
import { cleanUrl } from '../cleanUrl';
import type { AuthorizationCallback } from '../Launch';
import { LaunchError } from '../LaunchError';
import type { ReadyLaunch } from '../LaunchOutcome';
import { isTrustedUrl } from '../origins';
import type { LaunchStyleModule, StartContext } from './LaunchStyle';
import { ISSUER_KEY, openIdSignIn } from './openIdSignIn';

/** L4's second half: the authorization server's answer (code or error, with state and RFC 9207 iss). */
export const loginCallback: LaunchStyleModule<AuthorizationCallback> = {
  style: 'callback',

  detect: ({ query: q }) => (q.has('code') || q.has('error')) && q.has('state'),

  parse({ query: q }) {
    const code = q.one('code');
    const error = q.one('error');
    if (code !== undefined && error !== undefined)
      throw new LaunchError('malformed_url', 'The authorization response has both a code and an error.');
    return {
      style: 'callback',
      state: q.secret('state'),
      code: code === undefined ? undefined : q.secret('code'),
      error,
      errorDescription: q.one('error_description'),
      iss: q.one('iss'),
    };
  },

  async start(cb, ctx) {
    // Whatever the outcome (forged, failed, unsolicited, granted), no pending sign-in of ours (its state and
    // PKCE verifier) and no issuer of a started sign-in stays in this tab's sessionStorage.
    const storage = ctx.win.sessionStorage;
    const issuer = storage.getItem(ISSUER_KEY);
    storage.removeItem(ISSUER_KEY);
    try {
      return await complete(cb, issuer, ctx);
    } finally {
      clearPendingSignins(storage);
    }
  },
};

async function complete(
  cb: AuthorizationCallback,
  issuer: string | null,
  ctx: StartContext,
): Promise<ReadyLaunch> {
  const { trust, returnUri } = ctx;
  if (!issuer || !isTrustedUrl(issuer, trust.trustedOrigins)) {
    throw new LaunchError(
      'state_mismatch',
      'This sign-in response does not match a sign-in this viewer started.',
      returnUri,
    );
  }
  const { server, oidc } = await openIdSignIn(issuer, ctx);
  const grant = await oidc.completeAuthorization(ctx.href, cb);
  const target = ctx.reparse(grant.target ?? `${trust.viewerOrigin}${trust.route}`);
  const context = agreeContext(target.style === 'none' ? target : { studyUIDs: [] }, grant);
  ctx.win.history.replaceState(null, '', cleanUrl(trust.route, context));
  return {
    ok: true,
    style: 'L4',
    endpoint: server.dicomwebEndpoint,
    session: new Session(grant.token, grant.refresher, ctx.settings.session),
    context,
    returnUri,
    user: grant.user,
  };
}

import { loadReportProviderConfig } from '../../session/ServerConfig';
import { Session } from '../../session/Session';
import { userSub } from '../../session/userSub';
import { checkStudiesGranted } from '../checkStudiesGranted';
import type { ImplicitLaunch } from '../Launch';
import { LaunchError } from '../LaunchError';
import { contextOf, offeringReturn, reportProviderFields, trustedReturnUri } from '../launchFields';
import type { LaunchStyleModule } from './LaunchStyle';

/** L2 — report provider, implicit: the token arrives in the fragment (and must never arrive in the query). */
export const implicitReport: LaunchStyleModule<ImplicitLaunch> = {
  style: 'L2',

  detect: ({ query, fragment }) => fragment.has('access_token') || query.has('access_token'),

  parse({ query, fragment: f }, trust) {
    if (!f.has('access_token') && query.has('access_token'))
      throw new LaunchError('malformed_url', 'A token must never be sent in the query of a URL.');
    const ret = trustedReturnUri(f, trust);
    return offeringReturn(ret, () => {
      const tokenType = f.one('token_type');
      if (tokenType !== undefined && tokenType.toLowerCase() !== 'bearer') {
        throw new LaunchError(
          'bad_token_response',
          `The launch carries a "${tokenType}" token; only bearer tokens are supported.`,
          ret,
        );
      }
      const expiresIn = f.one('expires_in');
      const seconds = expiresIn === undefined ? undefined : Number(expiresIn);
      if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) {
        throw new LaunchError(
          'bad_token_response',
          'The launch parameter "expires_in" is not a positive number.',
          ret,
        );
      }
      return {
        style: 'L2',
        accessToken: f.secret('access_token'),
        expiresIn: seconds,
        scope: f.one('scope'),
        ...reportProviderFields(f, trust),
        returnUri: ret,
      };
    });
  },

  async start(launch, { settings, trust, returnUri }) {
    const expiresAt = Date.now() + (launch.expiresIn ?? 3600) * 1000;
    const server = await loadReportProviderConfig(launch.confUri, trust.trustedOrigins);
    const session = new Session(
      { accessToken: launch.accessToken, expiresAt, scope: launch.scope },
      null,
      settings.session,
    );
    const request = session.request.bind(session);
    // Both ask KHEOPS with the launch token; neither needs the other's answer.
    const [, user] = await Promise.all([
      checkStudiesGranted(request, server.dicomwebEndpoint, launch.studyUIDs, returnUri),
      userSub(request, server.userinfoEndpoint),
    ]);
    return {
      ok: true,
      style: 'L2',
      endpoint: server.dicomwebEndpoint,
      session,
      context: contextOf(launch),
      returnUri,
      user,
    };
  },
};

import { OidcLaunch } from '../../session/OidcLaunch';
import { loadReportProviderConfig } from '../../session/ServerConfig';
import { Session } from '../../session/Session';
import { userSub } from '../../session/userSub';
import { agreeContext } from '../agreeContext';
import { cleanUrl } from '../cleanUrl';
import type { CodeLaunch } from '../Launch';
import { LaunchError } from '../LaunchError';
import { offeringReturn, reportProviderFields, trustedReturnUri } from '../launchFields';
import type { LaunchStyleModule } from './LaunchStyle';

/** L3 — report provider, code: KHEOPS sends an authorization code the viewer did not ask for. */
export const codeReport: LaunchStyleModule<CodeLaunch> = {
  style: 'L3',

  detect: ({ query }) => query.has('code') && query.has('conf_uri'),

  parse({ query: q }, trust) {
    const ret = trustedReturnUri(q, trust);
    return offeringReturn(ret, () => ({
      style: 'L3',
      code: q.secret('code'),
      ...reportProviderFields(q, trust),
      returnUri: ret,
    }));
  },

  async start(launch, { win, settings, trust, returnUri, redirectUri }) {
    const server = await loadReportProviderConfig(launch.confUri, trust.trustedOrigins);
    if (!server.tokenEndpoint)
      throw new LaunchError('bad_server_config', 'KHEOPS publishes no token endpoint.', returnUri);
    const oidc = new OidcLaunch({
      clientId: launch.clientId,
      redirectUri,
      scope: 'read write',
      config: server,
      stateStorage: win.sessionStorage,
    });
    const grant = await oidc.exchangeUnsolicitedCode(launch.code);
    const context = agreeContext(launch, grant);
    win.history.replaceState(null, '', cleanUrl(trust.route, context));
    const session = new Session(grant.token, grant.refresher, settings.session);
    return {
      ok: true,
      style: 'L3',
      endpoint: server.dicomwebEndpoint,
      session,
      context,
      returnUri,
      user: await userSub(session.request.bind(session), server.userinfoEndpoint),
    };
  },
};

import type { SandboxContext } from '../context';
import { EXTERNAL_VIEWER_CLIENT_ID } from '../externalOp/clients';
import { ohifAppConfigBase, renderAppConfig } from './ohifAppConfigBase';

export const KHEOPS_EXTENSION_URL = '/kheops-plugins/extension-kheops.mjs';
export const KHEOPS_MODE_URL = '/kheops-plugins/mode-kheops.mjs';

/**
 * Rendered per request: ctx.clients is filled in only after the report providers are registered.
 * With --cli-build the dist is an OHIF CLI source build that bundles the packages: empty extensions/modes
 * (listing them would register a second copy), and the early-launch hook imports the runtime module the CLI
 * build copied into its own dist (the package's dist/kheops-plugins/).
 */
export function buildKheopsAppConfig(ctx: SandboxContext): string {
  const viewer = ctx.urls.viewer;
  const external = ctx.urls.externalIssuer;
  const config = renderAppConfig({
    ...ohifAppConfigBase('kheops-viewer'),
    // Launched from KHEOPS: the worklist is not an entry point.
    showStudyList: false,
    // Empty, not absent: OHIF 3.12's appInit iterates both (OHIF's config/default.js has them empty too).
    extensions: ctx.options.cliBuild ? [] : [KHEOPS_EXTENSION_URL],
    modes: ctx.options.cliBuild ? [] : [KHEOPS_MODE_URL],
    defaultDataSourceName: 'kheops',
    dataSources: [
      {
        namespace: '@kheops-ohif/extension-kheops.dataSourcesModule.kheops',
        sourceName: 'kheops',
        // No DICOMweb knobs: the extension applies what KHEOPS's ohifservermetadata hands OHIF (KHEOPS_DEFAULTS)
        // and sets the roots, name, staticWado and bulkDataURI from the launch itself.
        configuration: {
          friendlyName: 'KHEOPS',
          trustedOrigins: external ? [ctx.urls.root, new URL(external).origin] : [ctx.urls.root],
          clientIds: { ...ctx.clients },
          redirectUri: `${viewer}/kheops`,
          scope: 'openid read write',
          // --external-op: L4 may also start at panva's oidc-provider, whose tokens the KHEOPS gateway accepts.
          ...(external
            ? {
                openIdProviders: [
                  { issuer: external, clientId: EXTERNAL_VIEWER_CLIENT_ID, dicomwebEndpoint: ctx.urls.api },
                ],
              }
            : {}),
        },
      },
    ],
  });
  return config + earlyLaunch(KHEOPS_EXTENSION_URL);
}

/**
 * Starts the KHEOPS launch from app-config.js, while OHIF's bundles still load: the address bar is scrubbed
 * before anything else runs, and an L4 login goes to the authorization server without waiting for OHIF to boot
 * (docs/deployment.md). Only for URLs that carry a launch.
 */
export function earlyLaunch(extensionUrl: string): string {
  return `(function () {
  var address = location.search + location.hash;
  if (/[?&#](iss|code|url|access_token|error)=/.test(address)) {
    // An OpenID sign-in request (L4) leaves for its authorization server at once: OHIF is not loaded for it.
    var signIn = /[?&]iss=/.test(location.search) && !/[?&#](code|state|error|access_token)=/.test(address);
    if (signIn) window.stop();
    window.kheopsEarlyLaunch = import(${JSON.stringify(extensionUrl)}).then(function (m) {
      return m.launchEarly({ ohifStopped: signIn });
    });
  }
})();
`;
}

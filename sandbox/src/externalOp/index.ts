import type { SandboxContext } from '../context';
import { startExternalOp, type RunningExternalOp } from './ExternalOp';
import { ExternalTokenVerifier } from './ExternalTokenVerifier';

export { EXTERNAL_GATEWAY_CLIENT_ID, EXTERNAL_VIEWER_CLIENT_ID } from './clients';
export { ExternalTokenVerifier } from './ExternalTokenVerifier';

/**
 * --external-op: starts the external OpenID provider, publishes its issuer in ctx.urls.externalIssuer and returns the
 * verifier the token room consults for its access tokens. Call after ctx.tokens exists and before the viewer origins start.
 */
export async function startExternalOpFor(
  ctx: SandboxContext,
): Promise<{ op: RunningExternalOp; verifier: ExternalTokenVerifier }> {
  const op = await startExternalOp({
    viewer: ctx.urls.viewer,
    accessTokenTtl: ctx.options.tokenTtl,
    refreshTtl: ctx.options.refreshTtl,
    refreshAbsoluteTtl: ctx.options.refreshAbsoluteTtl,
    albums: ctx.albums,
    log: ctx.log,
  });
  ctx.urls.externalIssuer = op.issuer;
  const verifier = new ExternalTokenVerifier({
    issuer: op.issuer,
    clientId: op.introspection.clientId,
    clientSecret: op.introspection.clientSecret,
    acceptedClientIds: [op.viewerClientId],
    albums: ctx.albums,
  });
  return { op, verifier };
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import type { Principal } from '../types';
import { authenticate } from './requestAuth';
import { authServerUnauthorized, proxyUnauthorized, studyNotFound } from './replies';

const UID = /^[0-9]+(\.[0-9]+)*$/;

/**
 * DICOMweb-proxy paths: the pep-token exchange fails for a bad token or a study out of reach, and the proxy
 * answers 401 either way (PX/wadors/WadoRsResource.java). Returns the principal, or null after replying.
 */
export async function requireProxyRead(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  studyUID: string,
): Promise<Principal | null> {
  const principal = await authenticate(ctx, req);
  if (!principal || !UID.test(studyUID) || !ctx.albums.canRead(principal, studyUID)) {
    proxyUnauthorized(reply);
    return null;
  }
  return principal;
}

/** Authorization-server paths: bad token -> 401 (AS/filter/SecuredFilter.java), no access -> 404. */
export async function requireAuthServerRead(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  studyUID: string,
): Promise<Principal | null> {
  const principal = await authenticate(ctx, req);
  if (!principal) {
    authServerUnauthorized(reply);
    return null;
  }
  if (!UID.test(studyUID) || !ctx.albums.canRead(principal, studyUID)) {
    studyNotFound(reply);
    return null;
  }
  return principal;
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import type { Principal } from '../types';
import { authenticate } from './requestAuth';
import { authServerUnauthorized, proxyUnauthorized, studyNotFound } from './replies';

const UID = /^[0-9]+(\.[0-9]+)*$/;

/**
 * DICOMweb-proxy paths: the pep-token exchange (AS/token/PepAccessTokenGenerator.java, hasSeriesViewAccess on
 * the one series) fails for a bad token or a series out of reach, and the proxy answers 401 either way
 * (PX/wadors/WadoRsResource.java, WadoRsMetadata.java, WadoRSSeriesInstances.java). Without a series (study-level
 * proxy paths, PX/wadors/WadoRSStudy.java) the study must be reachable; the caller filters its series.
 * Returns the principal, or null after replying.
 */
export async function requireProxyRead(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  studyUID: string,
  seriesUID?: string,
): Promise<Principal | null> {
  const principal = await authenticate(ctx, req);
  const reachable =
    !!principal &&
    UID.test(studyUID) &&
    (seriesUID === undefined
      ? ctx.albums.canRead(principal, studyUID)
      : UID.test(seriesUID) && ctx.albums.canReadSeries(principal, studyUID, seriesUID));
  if (!reachable) {
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

/** DICOM JSON datasets of the series this principal reaches (QIDOResource getSeries / getStudiesMetadata). */
export function onlyReachableSeries<T extends Record<string, { Value?: unknown[] }>>(
  ctx: SandboxContext,
  principal: Principal,
  studyUID: string,
  datasets: T[],
): T[] {
  const reach = ctx.albums.seriesInReach(principal, studyUID);
  return datasets.filter((ds) => reach.has(String(ds['0020000E']?.Value?.[0] ?? '')));
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import type { Principal } from '../types';
import { callerOf } from '../auth/requestCaller';
import {
  authServerBadToken,
  authServerChallenge,
  authServerForbidden,
  proxyMissingAuthorization,
  proxyUnauthorized,
  studyNotFound,
  uncaughtException,
} from './replies';

const UID = /^[0-9]+(\.[0-9]+)*$/;

export type AuthServerOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401; challenge: boolean }
  | { ok: false; status: 403 };

/**
 * AS/filter/SecuredFilter.java: an unreadable Authorization header -> 401 with `WWW-Authenticate: Basic` and
 * `WWW-Authenticate: Bearer`; a bad token or unknown user -> bare 401; a removed report provider's token ->
 * 403 (AS/principal/ReportProviderPrincipal.java throws ForbiddenException("Client id not found")).
 */
export async function authServerAuthenticate(
  ctx: SandboxContext,
  req: FastifyRequest,
): Promise<AuthServerOutcome> {
  const { header, principal, check } = callerOf(req);
  if (!header.ok) return { ok: false, status: 401, challenge: true };
  if (principal) return { ok: true, principal };
  if (check?.ok === false && check.reason === 'removed_client' && ctx.albums.users.has(check.sub))
    return { ok: false, status: 403 };
  return { ok: false, status: 401, challenge: false };
}

/** Sends the Authorization-server refusal for a failed authServerAuthenticate. */
export function replyAuthServerRefusal(
  reply: FastifyReply,
  outcome: Exclude<AuthServerOutcome, { ok: true }>,
): FastifyReply {
  if (outcome.status === 403) return authServerForbidden(reply);
  return outcome.challenge ? authServerChallenge(reply) : authServerBadToken(reply);
}

/** @Secured Authorization-server paths: the principal, or null after replying. */
export async function requireAuthServer(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<Principal | null> {
  const outcome = await authServerAuthenticate(ctx, req);
  if (outcome.ok) return outcome.principal;
  replyAuthServerRefusal(reply, outcome);
  return null;
}

/**
 * DICOMweb-proxy paths read the header themselves first (PX/tokens/AuthorizationToken.fromAuthorizationHeader):
 * unreadable -> bare 401 (WebApplicationException(UNAUTHORIZED)); Basic with bad base64 -> 500 (the
 * IllegalArgumentException of java.util.Base64 is not mapped in the proxy). Returns the token, or null after
 * replying.
 */
export function requireProxyHeader(req: FastifyRequest, reply: FastifyReply): { token: string } | null {
  const { header } = callerOf(req);
  if (header.ok) return header;
  if (header.error === 'base64') uncaughtException(reply);
  else proxyMissingAuthorization(reply);
  return null;
}

/**
 * DICOMweb-proxy paths: the pep-token exchange (AS/token/PepAccessTokenGenerator.java, hasSeriesViewAccess on
 * the one series) fails for a bad token or a series out of reach, and the proxy answers 401 with
 * NotAuthorizedException("Bearer", "Basic") either way (PX/wadors/WadoRsResource.java, WadoRsMetadata.java,
 * WadoRSSeriesInstances.java, PX/wadouri/WadoUriResource.java). Without a series the study must be reachable;
 * the caller filters its series. Returns the principal, or null after replying.
 */
export async function requireProxyRead(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  studyUID: string,
  seriesUID?: string,
): Promise<Principal | null> {
  if (!requireProxyHeader(req, reply)) return null;
  const { principal } = callerOf(req);
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

/**
 * What the proxy's study-level resources get when they ask the Authorization server for the study's series
 * list with the caller's header (PX/wadors/WadoRSStudy.java, WadoRSStudyInstance.java -> AS getSeries):
 * the principal, or the Authorization server's status (401, 403, or 404 for a study out of reach).
 */
export async function studySeriesListOutcome(
  ctx: SandboxContext,
  req: FastifyRequest,
  studyUID: string,
): Promise<{ ok: true; principal: Principal } | { ok: false; status: 401 | 403 | 404 }> {
  const outcome = await authServerAuthenticate(ctx, req);
  if (!outcome.ok) return { ok: false, status: outcome.status };
  if (!UID.test(studyUID) || !ctx.albums.canRead(outcome.principal, studyUID))
    return { ok: false, status: 404 };
  return outcome;
}

/**
 * Authorization-server paths with a study: SecuredFilter as above, then hasStudyViewAccess -> 404
 * (AS/resource/QIDOResource.java getSeries: empty; getStudiesMetadata: an ErrorResponse).
 */
export async function requireAuthServerRead(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  studyUID: string,
  notFound: 'empty' | 'errorResponse',
): Promise<Principal | null> {
  const principal = await requireAuthServer(ctx, req, reply);
  if (!principal) return null;
  if (!UID.test(studyUID) || !ctx.albums.canRead(principal, studyUID)) {
    studyNotFound(reply, notFound);
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

import { randomInt } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/**
 * PX/wadors/WadoRsResource.java (and every proxy resource): a failed pep exchange (bad token, no access) throws
 * NotAuthorizedException("Bearer", "Basic"), which JAX-RS turns into two WWW-Authenticate headers.
 */
export function proxyUnauthorized(reply: FastifyReply): FastifyReply {
  return reply.code(401).header('WWW-Authenticate', ['Bearer', 'Basic']).send();
}

/** PX/tokens/AuthorizationToken.java fromAuthorizationHeader: no usable header -> 401 without a challenge. */
export function proxyMissingAuthorization(reply: FastifyReply): FastifyReply {
  return reply.code(401).send();
}

/** AS/filter/SecuredFilter.java: an unreadable Authorization header -> 401, challenges Basic then Bearer. */
export function authServerChallenge(reply: FastifyReply): FastifyReply {
  return reply.code(401).header('WWW-Authenticate', ['Basic', 'Bearer']).send();
}

/** AS/filter/SecuredFilter.java: a bad access token or an unknown user -> 401, no challenge, no body. */
export function authServerBadToken(reply: FastifyReply): FastifyReply {
  return reply.code(401).send();
}

/** AS/principal/ReportProviderPrincipal.java: ForbiddenException("Client id not found") -> 403, no body. */
export function authServerForbidden(reply: FastifyReply): FastifyReply {
  return reply.code(403).send();
}

/** AS/util/ErrorResponse.java as Jersey writes it. */
export function errorResponse(message: string, detail: string) {
  return { message, detail, help: 'https://github.com/OsiriX-Foundation/kheops/wiki' };
}

/**
 * AS/resource/QIDOResource.java: a study the caller cannot see "does not exist": getSeries answers a bare 404,
 * getStudiesMetadata a 404 with an ErrorResponse.
 */
export function studyNotFound(reply: FastifyReply, body: 'empty' | 'errorResponse'): FastifyReply {
  reply.code(404);
  if (body === 'empty') return reply.send();
  return reply
    .type('application/json')
    .send(errorResponse('Study Not Found', "The study does not exist or you don't have access"));
}

/** AS/resource/QIDOResource.java: `album` and `inbox` together -> 400 Bad Query Parameter. */
export function albumXorInbox(reply: FastifyReply, detail: string): FastifyReply {
  return reply.code(400).type('application/json').send(errorResponse('Bad Query Parameter', detail));
}

const LOG_ID = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890';

/** AS/mapper/OtherExceptionMapper.java: any unmapped exception -> 500 with a 20-character log id. */
export function internalServerError(reply: FastifyReply): FastifyReply {
  const id = Array.from({ length: 20 }, () => LOG_ID[randomInt(LOG_ID.length)]).join('');
  return reply
    .code(500)
    .type('application/json')
    .send(errorResponse('Internal server error', `log id : ${id}`));
}

/** The DICOMweb proxy has no ExceptionMapper: an uncaught exception is the container's bare 500. */
export function uncaughtException(reply: FastifyReply): FastifyReply {
  return reply.code(500).send();
}

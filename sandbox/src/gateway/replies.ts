import type { FastifyReply } from 'fastify';

/** PX/wadors/WadoRsResource.java webAccess: any failed pep exchange (bad token, no access) is a 401. */
export function proxyUnauthorized(reply: FastifyReply): FastifyReply {
  return reply.code(401).header('WWW-Authenticate', 'Bearer, Basic').send();
}

/** AS/filter/SecuredFilter.java: missing or bad credentials on an Authorization-server path. */
export function authServerUnauthorized(reply: FastifyReply): FastifyReply {
  return reply.code(401).header('WWW-Authenticate', ['Basic', 'Bearer']).send({ error: 'Unauthorized' });
}

/** AS/resource/QIDOResource.java, MetadataResource: a study the caller cannot see "does not exist". */
export function studyNotFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ error: 'Study not found' });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../types';
import { callerOf } from '../auth/requestCaller';

export type Form = Record<string, string | string[] | undefined>;

/** Every value of a form field (formbody turns a repeated field into an array). */
export function values(form: unknown, name: string): string[] {
  const v = (form as Form | undefined)?.[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The value when the field appears exactly once (KHEOPS: "Must have a single X"). */
export function single(form: unknown, name: string): string | undefined {
  const all = values(form, name);
  return all.length === 1 ? all[0] : undefined;
}

/** AS/token/TokenRequestException.java: `400 {error, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description?: string,
    readonly status = 400,
  ) {
    super(description ?? error);
  }
}

export function sendOAuthError(reply: FastifyReply, err: OAuthError): FastifyReply {
  const body: Record<string, string> = { error: err.error };
  if (err.description) body.error_description = err.description;
  return reply.code(err.status).header('Cache-Control', 'no-store').header('Pragma', 'no-cache').send(body);
}

/** AS/util/ErrorResponse.java: `{message, detail}`. */
export function errorResponse(
  reply: FastifyReply,
  status: number,
  message: string,
  detail?: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply.code(status).send({ message, ...(detail ? { detail } : {}), ...extra });
}

/** @Secured: a missing or bad token is 401 with both challenges. Sends the reply and returns null on failure. */
export function requireCaller(req: FastifyRequest, reply: FastifyReply): Principal | null {
  const { token, check, principal } = callerOf(req);
  if (principal) return principal;
  reply
    .code(401)
    .header('WWW-Authenticate', ['Bearer', 'Basic'])
    .send({
      message: 'Authorization error',
      detail: token ? `token ${check?.ok === false ? check.reason : 'invalid'}` : 'missing token',
    });
  return null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

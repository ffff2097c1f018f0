import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../context';
import type { Principal } from '../../types';
import { multipartRelated } from '../../data/multipart';
import { apiBaseFor, rewriteToGateway } from '../gatewayUrls';
import { orthancRequest, readAll } from '../orthancHttp';
import { callerOf } from '../../auth/requestCaller';
import { TokenService } from '../../auth/TokenService';
import { introspect, introspectionScopes } from '../../auth/introspect';
import { requireProxyHeader } from '../access';
import { proxyUnauthorized } from '../replies';
import { readStowInstance, type StowInstance } from './dicomHeader';
import { loseInstances } from './loseInstances';
import { existingStudyAttributes } from './existingStudy';
import { parseStowBody } from './parseStowBody';
import {
  FAILED_SOP_SEQUENCE,
  FAILURE,
  OTHER_FAILURES_SEQUENCE,
  stowFailureSequences,
  stowStatus,
  type FailedSop,
} from './stowResponse';
import { newInstanceVerifier, type KnownStudy } from './verifyInstance';

type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

/**
 * A study not yet in the PACS may be created by a user token (KHEOPS puts it in the user's inbox; the sandbox,
 * having no inbox, puts it in the user's first album). Otherwise AlbumStore.canWrite decides (hasSeriesAddAccess).
 */
function mayWrite(
  ctx: SandboxContext,
  p: Principal,
  studyUID: string,
  exists: boolean,
  seriesUID?: string,
): boolean {
  if (ctx.albums.canWrite(p, studyUID, seriesUID)) return true;
  return !exists && p.kind === 'user' && p.studyUIDs === null && !p.albumId && p.scopes.includes('write');
}

/** Albums hold series: the stored series goes to the album the token is bound to (AlbumStore.placeStoredSeries). */
function placeStoredSeries(ctx: SandboxContext, p: Principal, instance: StowInstance): void {
  ctx.albums.placeStoredSeries(p, instance.studyInstanceUID, instance.seriesInstanceUID);
}

async function storeInOrthanc(ctx: SandboxContext, parts: Buffer[]): Promise<DicomJson> {
  const { body, contentType } = multipartRelated(parts);
  const res = await orthancRequest(ctx.urls.orthanc, 'POST', '/dicom-web/studies', {
    headers: {
      'Content-Type': contentType,
      Accept: 'application/dicom+json',
      'Content-Length': String(body.length),
    },
    body,
  });
  const text = (await readAll(res.body)).toString('utf8');
  return text.trim() ? (JSON.parse(text) as DicomJson) : {};
}

/** PX/stow/resource/Resource.java + AuthorizationManager.java: STOW-RS with KHEOPS's checks in front of Orthanc. */
export function registerStowRoute(app: FastifyInstance, ctx: SandboxContext): void {
  const tokens = ctx.tokens;
  if (!(tokens instanceof TokenService))
    throw new Error('the STOW route needs ctx.tokens to be the auth/TokenService');
  const stow = async (req: FastifyRequest<{ Params: { study?: string } }>, reply: FastifyReply) => {
    const injected = ctx.state.takeStowFailure();
    if (injected) {
      if (injected === 401) reply.header('WWW-Authenticate', 'Bearer, Basic');
      return reply.code(injected).send({ error: `injected STOW failure ${injected}` });
    }
    // Resource.java store(): the proxy introspects the token as the internal client before reading the body:
    // inactive -> 401 (for a report-provider token that includes a configuration document KHEOPS cannot
    // re-fetch right now), no `write` -> 403. Only then is the body parsed (Proxy.java: no boundary -> 400).
    if (!requireProxyHeader(req, reply)) return reply; // AuthorizationToken.fromAuthorizationHeader: bare 401
    const { principal, token } = callerOf(req);
    const scopes = principal
      ? introspectionScopes(await introspect(ctx, tokens, token ?? undefined, 'internal_client'))
      : null;
    if (!principal || !scopes) return proxyUnauthorized(reply);
    if (!scopes.includes('write'))
      return reply.code(403).send({ error: 'Authorization is not valid for posting' });
    const delayMs = ctx.state.takeStowDelay();
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));

    let parts: Buffer[];
    try {
      parts = parseStowBody(
        req.headers['content-type'] ?? '',
        Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      );
    } catch (err) {
      return reply.code(400).send({ error: `Bad STOW body: ${(err as Error).message}` });
    }
    if (parts.length === 0) return reply.code(400).send({ error: 'No DICOM instance in the request' });

    const failed: FailedSop[] = [];
    const accepted: Array<{ part: Buffer; instance: StowInstance; isNew: boolean }> = [];
    const studies = new Map<string, KnownStudy | null>();
    const verify = newInstanceVerifier();
    for (const part of parts) {
      let instance: StowInstance;
      try {
        instance = readStowInstance(part);
      } catch {
        failed.push({ reason: FAILURE.cannotUnderstand });
        continue;
      }
      const { sopClassUID, sopInstanceUID, studyInstanceUID } = instance;
      if (req.params.study && studyInstanceUID !== req.params.study) {
        failed.push({
          sopClassUID,
          sopInstanceUID,
          reason: FAILURE.invalidAttributeValue,
          attributes: ['0020000D'],
        });
        continue;
      }
      if (!studies.has(studyInstanceUID))
        studies.set(studyInstanceUID, await existingStudyAttributes(ctx.urls.orthanc, studyInstanceUID));
      const existing = studies.get(studyInstanceUID) ?? null;
      if (!mayWrite(ctx, principal, studyInstanceUID, existing !== null, instance.seriesInstanceUID)) {
        failed.push({ sopClassUID, sopInstanceUID, reason: FAILURE.notAuthorized });
        continue;
      }
      // AS/resource/VerifyInstanceResource.java: Patient/Study, then Series attributes must match (verifyInstance.ts).
      const mismatch = verify(existing, studyInstanceUID, instance.seriesInstanceUID, instance.attributes);
      if (mismatch.length) {
        failed.push({
          sopClassUID,
          sopInstanceUID,
          reason: FAILURE.invalidAttributeValue,
          attributes: mismatch,
        });
        continue;
      }
      accepted.push({ part, instance, isNew: existing === null });
    }

    const base = apiBaseFor(ctx, req);
    let stored: DicomJson = {};
    if (accepted.length) {
      try {
        stored = await storeInOrthanc(
          ctx,
          accepted.map((a) => a.part),
        );
      } catch {
        for (const a of accepted)
          failed.push({
            sopClassUID: a.instance.sopClassUID,
            sopInstanceUID: a.instance.sopInstanceUID,
            reason: FAILURE.processingFailure,
          });
      }
      for (const a of accepted) placeStoredSeries(ctx, principal, a.instance);
      if (ctx.state.takeStowLoss())
        await loseInstances(
          ctx.urls.orthanc,
          accepted.map((a) => a.instance.sopInstanceUID),
        );
    }
    const referenced = (stored['00081199']?.Value ?? []) as DicomJson[];
    const orthancFailed = (stored['00081198']?.Value ?? []) as DicomJson[];
    const response: DicomJson = {};
    if (stored['00081190']) response['00081190'] = stored['00081190'];
    if (referenced.length) response['00081199'] = { vr: 'SQ', Value: referenced };
    const { failedSOPs, otherFailures } = stowFailureSequences(failed, orthancFailed);
    if (failedSOPs.length) response[FAILED_SOP_SEQUENCE] = { vr: 'SQ', Value: failedSOPs };
    if (otherFailures.length) response[OTHER_FAILURES_SEQUENCE] = { vr: 'SQ', Value: otherFailures };
    const text = rewriteToGateway(JSON.stringify(response), ctx.urls.orthanc, base);
    return reply
      .code(stowStatus(referenced.length, failedSOPs.length + otherFailures.length))
      .type('application/dicom+json')
      .send(text);
  };
  app.post('/studies', stow);
  app.post('/studies/:study', stow);
}

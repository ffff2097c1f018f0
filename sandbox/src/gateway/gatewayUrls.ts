import type { FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { callerOf } from '../auth/requestCaller';

/**
 * Where URLs in answers must point: `{api}`, or `{api}/link/{token}` for link-form requests, as the
 * DICOMweb proxy builds them (PX/ohif/OHIFMetadataResource.java, PX/stow/resource/Resource.java).
 */
export function apiBaseFor(ctx: SandboxContext, req: FastifyRequest): string {
  const { via, token } = callerOf(req);
  return via === 'link' && token ? `${ctx.urls.api}/link/${token}` : ctx.urls.api;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Orthanc writes `{orthanc}/dicom-web/studies/S/series/Se/instances/I/bulk/7fe00010`; KHEOPS serves bulk data
 * at `…/bulkdata/{path}` (PX: `bulkdata/{path:[a-fA-F0-9/]+}`), so both the base and the segment change.
 */
export function rewriteToGateway(text: string, orthancUrl: string, base: string): string {
  const orthancBase = `${orthancUrl}/dicom-web`;
  const bulk = new RegExp(
    `${escapeRegExp(orthancBase)}(/studies/[0-9.]+/series/[0-9.]+/instances/[0-9.]+)/bulk/`,
    'g',
  );
  return text.replace(bulk, `${base}$1/bulkdata/`).split(orthancBase).join(base);
}

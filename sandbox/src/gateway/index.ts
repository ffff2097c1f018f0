import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { addRawDicomBodyParsers } from './orthancProxy';
import { registerOhifServerMetadataRoute } from './ohifServerMetadataRoute';
import { registerQidoRoutes } from './qidoRoutes';
import { addRequestLog } from './requestLog';
import { registerStowRoute } from './stow/stowRoute';
import { registerThumbnailRoutes } from './thumbnailRoutes';
import { registerWadoRoutes } from './wadoRoutes';
import { registerWadoUriRoute } from './wadoUriRoute';

/**
 * The KHEOPS DICOMweb surface at {root}/api, backed by Orthanc's /dicom-web. Registered twice: at /api and
 * at /api/link/{token}, which ReverseProxy/location_link_*.conf makes equivalent to /api with a Bearer token.
 */
export async function registerGateway(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const dicomweb = async (scope: FastifyInstance) => {
    addRawDicomBodyParsers(scope);
    addRequestLog(scope, ctx);
    registerQidoRoutes(scope, ctx);
    registerWadoRoutes(scope, ctx);
    registerThumbnailRoutes(scope, ctx);
    registerWadoUriRoute(scope, ctx);
    registerStowRoute(scope, ctx);
    registerOhifServerMetadataRoute(scope, ctx);
  };
  await app.register(dicomweb, { prefix: '/api' });
  await app.register(dicomweb, { prefix: '/api/link/:linkToken' });
}

import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
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
const gatewayPlugin: FastifyPluginAsync = async (app) => {
  const ctx = app.sandbox;
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
};

export default fp(gatewayPlugin, {
  name: 'kheops-gateway',
  fastify: '5.x',
  dependencies: ['kheops-context', 'kheops-caller'],
});

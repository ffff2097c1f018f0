import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { apiBaseFor } from './gatewayUrls';

/**
 * PX/ohif/OHIFMetadataResource.java (after PR #70): the token is not validated, only templated into the
 * roots when the request came through /api/link/{token}/.
 */
export function registerOhifServerMetadataRoute(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/ohifservermetadata', async (req, reply) => {
    const dicomWebURI = apiBaseFor(ctx, req);
    return reply.type('application/json').send({
      transactionId: 'testDICOMs',
      servers: {
        dicomWeb: [
          {
            name: 'DCM4CHEE',
            qidoRoot: dicomWebURI,
            wadoRoot: dicomWebURI,
            qidoSupportsIncludeField: true,
            imageRendering: 'wadors',
            thumbnailRendering: 'wadors',
            enableStudyLazyLoad: true,
            staticWado: true,
            omitQuotationForMultipartRequest: false,
            bulkDataURI: { enabled: true, relativeResolution: 'studies' },
          },
        ],
      },
    });
  });
}

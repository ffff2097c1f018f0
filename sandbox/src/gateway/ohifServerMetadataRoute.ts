import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { requireProxyHeader } from './access';
import { apiBaseFor } from './gatewayUrls';

/**
 * PX/ohif/OHIFMetadataResource.java (after PR #70): the token is not validated, only templated into the
 * roots when the request came through /api/link/{token}/. It is still read with
 * PX/tokens/AuthorizationToken.fromAuthorizationHeader, so no usable Authorization header -> 401 (bare), and
 * Basic with bad base64 -> 500. The link form always has one (ReverseProxy/location_link_*.conf sets it).
 */
export function registerOhifServerMetadataRoute(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/ohifservermetadata', async (req, reply) => {
    if (!requireProxyHeader(req, reply)) return reply;
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

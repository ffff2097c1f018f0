import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { HeaderParseError, parseAccept, parseContentType } from './mediaTypeHeaders';

// DICOMwebProxy/src/main/java/online/kheops/proxy/filter/FixTypeQuoteFilter.java (mapped to /* in the proxy's
// web.xml): the one leniency KHEOPS has, for OsiriX's STOW Content-Type. It is a plain substring replace.
const UNQUOTED_DICOM_TYPE = 'type=application/dicom';

function fixTypeQuote(contentType: string): string {
  return contentType.split(UNQUOTED_DICOM_TYPE).join('type="application/dicom"');
}

// The proxy's only request bodies are STOW's (POST {api}/studies[/{S}]); other /api POSTs reach the
// Authorization server, which has no such filter.
const STOW_PATH = /^\/api\/studies(\/[^/]+)?\/?$/;

/**
 * Every /api request is read by Jersey before KHEOPS code runs: an Accept or Content-Type it cannot parse is
 * answered 400 (see mediaTypeHeaders.ts). Tomcat renders that 400 as its HTML error page.
 */
const strictHeadersPlugin: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api') || req.method === 'OPTIONS') return;
    const path = req.url.split('?')[0]!.replace(/^\/api\/link\/[^/]+/, '/api');
    const contentType = req.headers['content-type'];
    if (typeof contentType === 'string' && req.method === 'POST' && STOW_PATH.test(path))
      req.headers['content-type'] = fixTypeQuote(contentType);
    try {
      const accept = req.headers.accept;
      if (typeof accept === 'string') parseAccept(accept);
      const ct = req.headers['content-type'];
      if (typeof ct === 'string') parseContentType(ct);
    } catch (err) {
      if (!(err instanceof HeaderParseError)) throw err;
      reply
        .code(400)
        .type('text/html;charset=utf-8')
        .send('<!doctype html><html><head><title>HTTP Status 400 – Bad Request</title></head></html>');
      return reply;
    }
  });
};

export default fp(strictHeadersPlugin, { name: 'kheops-strict-headers', fastify: '5.x' });

import formbody from '@fastify/formbody';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { TokenService } from '../auth/TokenService';
import { registerAuthorize } from './authorize';
import { registerDiscovery } from './discovery';
import { registerIntrospection } from './introspection';
import { registerReport } from './report';
import { registerReportProviders } from './reportProviders';
import { registerTokenEndpoint } from './token';

/** The KHEOPS Authorization-server API (report providers, tokens, discovery); DICOMweb paths live in gateway/. */
const apiPlugin: FastifyPluginAsync = async (app) => {
  const ctx = app.sandbox;
  const tokens = ctx.tokens;
  if (!(tokens instanceof TokenService))
    throw new Error('the api needs ctx.tokens to be the auth/TokenService');
  await app.register(async (api) => {
    await api.register(formbody);
    registerDiscovery(api, ctx, tokens);
    registerReportProviders(api, ctx, tokens);
    registerReport(api, ctx, tokens);
    registerTokenEndpoint(api, ctx, tokens);
    registerIntrospection(api, ctx, tokens);
    registerAuthorize(api, ctx, tokens);
  });
};

export default fp(apiPlugin, {
  name: 'kheops-api',
  fastify: '5.x',
  dependencies: ['kheops-context', 'kheops-caller'],
});

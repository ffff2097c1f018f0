import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { SandboxContext } from './context';

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared state of the sandbox rooms (options, urls, albums, tokens, clock, fault state). */
    sandbox: SandboxContext;
  }
}

const contextPlugin: FastifyPluginAsync<{ ctx: SandboxContext }> = async (app, { ctx }) => {
  app.decorate('sandbox', ctx);
};

/** Decorates the KHEOPS origin with the SandboxContext every area plugin reads (`app.sandbox`). */
export default fp(contextPlugin, { name: 'kheops-context', fastify: '5.x' });

// STUB
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
export async function registerTestRoutes(_app: FastifyInstance, _ctx: SandboxContext): Promise<void> {}

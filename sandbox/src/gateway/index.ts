// STUB: replaced by the gateway room.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
export async function registerGateway(_app: FastifyInstance, _ctx: SandboxContext): Promise<void> {}

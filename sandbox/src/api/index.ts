// STUB: replaced by the api room.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
export async function registerApi(_app: FastifyInstance, _ctx: SandboxContext): Promise<void> {}

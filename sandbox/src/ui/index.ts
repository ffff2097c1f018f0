// STUB: replaced by the ui room.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
export async function registerUi(_app: FastifyInstance, _ctx: SandboxContext): Promise<void> {}

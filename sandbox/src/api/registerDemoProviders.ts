// STUB: replaced by the api room.
import type { SandboxContext } from '../context';
export async function registerDemoProviders(_ctx: SandboxContext): Promise<void> {}

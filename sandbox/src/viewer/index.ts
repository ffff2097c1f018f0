// STUB: replaced by the viewer room.
import type { SandboxContext } from '../context';
export async function startViewerOrigins(_ctx: SandboxContext): Promise<{ close(): Promise<void> }> {
  return { close: async () => undefined };
}

// STUB: replaced by the auth room.
import type { SandboxContext, TokenServiceLike } from '../context';
import type { TokenCheck } from '../types';
export class TokenService implements TokenServiceLike {
  constructor(readonly ctx: SandboxContext) {}
  async verifyAccessToken(_token: string): Promise<TokenCheck> {
    return { ok: false, reason: 'invalid' };
  }
  async issueUserToken(_sub: string): Promise<string> {
    return 'stub';
  }
  revokeAll(): void {}
}

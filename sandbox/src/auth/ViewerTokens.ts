import { compactDecrypt, CompactEncrypt } from 'jose';

/** Payload of a viewer token (AS/token/ViewerAccessTokenGenerator.java, Consts.Jwe). */
export interface ViewerPayload {
  /** The subject token; for user (OIDC) tokens only the JWT payload segment (commit b4c441c4). */
  token: string;
  sourceId?: string;
  isInbox: boolean;
  studyInstanceUID: string;
  exp: number;
  scope: string;
  /** Sandbox addition so that viewer tokens can be revoked by /sandbox/revoke-all. */
  jti: string;
}

/** Compact JWE, A128KW + A128CBC-HS256, key random per process (AS/util/JweAesKey.java). */
export class ViewerTokens {
  constructor(private readonly key: Uint8Array) {}

  async seal(payload: ViewerPayload): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'A128KW', enc: 'A128CBC-HS256' })
      .encrypt(this.key);
  }

  async open(token: string): Promise<ViewerPayload | null> {
    try {
      const { plaintext, protectedHeader } = await compactDecrypt(token, this.key, {
        keyManagementAlgorithms: ['A128KW'],
        contentEncryptionAlgorithms: ['A128CBC-HS256'],
      });
      if (protectedHeader.alg !== 'A128KW') return null;
      const payload = JSON.parse(new TextDecoder().decode(plaintext)) as ViewerPayload;
      if (typeof payload.token !== 'string' || typeof payload.studyInstanceUID !== 'string') return null;
      return payload;
    } catch {
      return null;
    }
  }
}

/** ViewerAccessTokenGenerator keeps only the payload segment of an OIDC subject token. */
export function payloadSegment(jwt: string): string {
  return jwt.split('.')[1] ?? '';
}

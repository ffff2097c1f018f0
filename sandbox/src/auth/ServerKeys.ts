import crypto from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** The RSA keys of the sandbox, created per process (a restart invalidates every token signed with them). */
export class ServerKeys {
  private constructor(
    /** Stand-in for the Keycloak realm key that signs the user tokens the KHEOPS UI holds. */
    readonly userTokenKey: { privateKey: CryptoKey; publicKey: CryptoKey; kid: string },
    /** PROFILE ohif: the key published at /api/jwks, signing ID tokens. */
    readonly idTokenKey: { privateKey: CryptoKey; kid: string; publicJwk: JWK },
  ) {}

  static async create(): Promise<ServerKeys> {
    const user = await generateKeyPair('RS256');
    const id = await generateKeyPair('RS256', { extractable: true });
    const idKid = `sandbox-${crypto.randomBytes(6).toString('hex')}`;
    const publicJwk = { ...(await exportJWK(id.publicKey)), kid: idKid, alg: 'RS256', use: 'sig' };
    return new ServerKeys(
      { ...user, kid: `keycloak-${crypto.randomBytes(6).toString('hex')}` },
      { privateKey: id.privateKey, kid: idKid, publicJwk },
    );
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.idTokenKey.publicJwk] };
  }
}

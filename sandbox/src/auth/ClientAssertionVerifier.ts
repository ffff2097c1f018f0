import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { fetchJson, MetadataError, type MetadataFetchSettings } from './ClientMetadata';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientAssertionSettings {
  /** PrivateKeyJWTAuthenticator.java: 60 s leeway on exp/nbf/iat. */
  leewaySeconds: number;
  /** PrivateKeyJWTAuthenticator.java: an assertion may not live longer than 10 minutes from now. */
  maxLifetimeSeconds: number;
  fetch?: MetadataFetchSettings;
  /** Epoch milliseconds (the sandbox clock). */
  now: () => number;
}

const DEFAULTS: ClientAssertionSettings = { leewaySeconds: 60, maxLifetimeSeconds: 600, now: Date.now };

export class ClientAssertionError extends Error {}

/** AS/token/PrivateKeyJWTAuthenticator.java: RS256, kid found in the provider's jwks_uri, iss = sub = client_id, aud = token endpoint. */
export class ClientAssertionVerifier {
  private readonly settings: ClientAssertionSettings;

  constructor(settings: Partial<ClientAssertionSettings> = {}) {
    this.settings = { ...DEFAULTS, ...settings };
  }

  async verify(assertion: string, clientId: string, jwksUri: string, audience: string): Promise<void> {
    let header;
    try {
      header = decodeProtectedHeader(assertion);
    } catch {
      throw new ClientAssertionError('client_assertion is not a JWT');
    }
    if (header.alg !== 'RS256') throw new ClientAssertionError('client_assertion must be signed with RS256');
    if (typeof header.kid !== 'string') throw new ClientAssertionError('client_assertion has no kid');

    let jwks: unknown;
    try {
      jwks = await fetchJson(jwksUri, this.settings.fetch);
    } catch (err) {
      throw new ClientAssertionError(
        `unable to get the jwks_uri: ${err instanceof MetadataError ? err.message : 'error'}`,
      );
    }
    const keys = (jwks as JSONWebKeySet | null)?.keys;
    if (!Array.isArray(keys) || !keys.some((k) => k.kid === header.kid))
      throw new ClientAssertionError(`kid ${header.kid} not found in jwks_uri`);

    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, createLocalJWKSet(jwks as JSONWebKeySet), {
        algorithms: ['RS256'],
        issuer: clientId,
        subject: clientId,
        audience,
        clockTolerance: this.settings.leewaySeconds,
        currentDate: new Date(this.settings.now()),
        requiredClaims: ['jti', 'exp'],
      }));
    } catch (err) {
      throw new ClientAssertionError(`client_assertion rejected: ${(err as Error).message}`);
    }
    const now = Math.floor(this.settings.now() / 1000);
    if ((payload.exp as number) > now + this.settings.maxLifetimeSeconds + this.settings.leewaySeconds) {
      throw new ClientAssertionError('client_assertion expires more than 10 minutes from now');
    }
  }
}

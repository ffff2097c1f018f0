import { createHash } from 'node:crypto';
import type { AlbumStore } from '../albums';
import type { TokenCheck } from '../types';

// How the KHEOPS gateway accepts access tokens from an OpenID provider other than KHEOPS: RFC 7662 token
// introspection at the provider (found through its discovery document), as a confidential resource-server client.
// The provider's tokens are opaque to us; nothing here depends on how that provider builds them.

export interface ExternalTokenVerifierSettings {
  issuer: string;
  /** The gateway's client at the provider. */
  clientId: string;
  clientSecret: string;
  /** Clients whose access tokens the gateway accepts (the viewer): a token issued to anyone else is refused. */
  acceptedClientIds: string[];
  albums: AlbumStore;
  /** How long a positive introspection answer is reused (never past the token's exp). */
  cacheSeconds?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

interface Introspected {
  sub: string;
  scope: string;
  clientId: string;
  exp: number;
  jti?: string;
  /** Epoch ms until which this answer is reused. */
  until: number;
}

interface IntrospectionResponse {
  active?: unknown;
  sub?: unknown;
  scope?: unknown;
  client_id?: unknown;
  exp?: unknown;
  iss?: unknown;
  token_type?: unknown;
  jti?: unknown;
}

// Opaque tokens of any reasonable provider; anything else is not worth a round trip.
const TOKEN_SHAPE = /^[\w\-.~+/]{16,4096}={0,2}$/;

export class ExternalTokenVerifier {
  private readonly cache = new Map<string, Introspected>();
  private endpoint: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;

  constructor(private readonly s: ExternalTokenVerifierSettings) {
    this.now = s.now ?? Date.now;
    this.fetch = s.fetch ?? fetch;
  }

  async verify(token: string): Promise<TokenCheck> {
    if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'invalid' };
    const key = createHash('sha256').update(token).digest('base64url');
    const nowMs = this.now();
    let hit = this.cache.get(key);
    if (hit && hit.exp * 1000 <= nowMs) {
      this.cache.delete(key);
      return { ok: false, reason: 'expired' };
    }
    if (!hit || hit.until <= nowMs) {
      this.cache.delete(key);
      const fresh = await this.introspect(token);
      if (!fresh) return { ok: false, reason: 'invalid' };
      this.prune(nowMs);
      this.cache.set(key, fresh);
      hit = fresh;
    }
    // OidcAccessToken.java: a token for a user KHEOPS does not know is refused.
    if (!this.s.albums.users.has(hit.sub)) return { ok: false, reason: 'invalid' };
    const scopes = hit.scope.split(' ').filter((w) => w === 'read' || w === 'write');
    return {
      ok: true,
      principal: {
        kind: 'external',
        sub: hit.sub,
        scopes,
        // The user's reach, as KHEOPS computes it for a user token: every study of every album they belong to,
        // looked up on every request (album membership changes apply at once).
        studyUIDs: [...this.s.albums.studiesOfUser(hit.sub)],
        clientId: hit.clientId,
        exp: hit.exp,
        jti: hit.jti,
      },
    };
  }

  private async introspect(token: string): Promise<Introspected | null> {
    const endpoint = await this.introspectionEndpoint();
    const basic = Buffer.from(
      `${encodeURIComponent(this.s.clientId)}:${encodeURIComponent(this.s.clientSecret)}`,
    ).toString('base64');
    const res = await this.fetch(endpoint, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      redirect: 'error',
    });
    if (!res.ok) throw new Error(`introspection answered HTTP ${res.status}`);
    const r = (await res.json()) as IntrospectionResponse;
    const nowS = Math.floor(this.now() / 1000);
    if (r.active !== true) return null;
    // An access token (refresh tokens introspect too), issued by this provider to a client we serve, for a user.
    if (typeof r.token_type !== 'string' || r.token_type.toLowerCase() !== 'bearer') return null;
    if (r.iss !== undefined && r.iss !== this.s.issuer) return null;
    if (typeof r.client_id !== 'string' || !this.s.acceptedClientIds.includes(r.client_id)) return null;
    if (typeof r.sub !== 'string' || !r.sub) return null;
    if (typeof r.exp !== 'number' || r.exp <= nowS) return null;
    const cacheMs = (this.s.cacheSeconds ?? 10) * 1000;
    return {
      sub: r.sub,
      scope: typeof r.scope === 'string' ? r.scope : '',
      clientId: r.client_id,
      exp: r.exp,
      jti: typeof r.jti === 'string' ? r.jti : undefined,
      until: Math.min(this.now() + cacheMs, r.exp * 1000),
    };
  }

  private introspectionEndpoint(): Promise<string> {
    this.endpoint ??= (async () => {
      const res = await this.fetch(`${this.s.issuer}/.well-known/openid-configuration`, {
        headers: { Accept: 'application/json' },
        redirect: 'error',
      });
      if (!res.ok) throw new Error(`discovery answered HTTP ${res.status}`);
      const doc = (await res.json()) as { issuer?: unknown; introspection_endpoint?: unknown };
      if (doc.issuer !== this.s.issuer) throw new Error('discovery names another issuer');
      if (typeof doc.introspection_endpoint !== 'string') throw new Error('no introspection_endpoint');
      return doc.introspection_endpoint;
    })();
    this.endpoint.catch(() => (this.endpoint = undefined));
    return this.endpoint;
  }

  private prune(nowMs: number): void {
    if (this.cache.size < 1000) return;
    for (const [k, v] of this.cache) if (v.until <= nowMs) this.cache.delete(k);
  }
}

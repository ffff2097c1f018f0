import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import type { OidcAccount, OidcClientRef } from 'oidc-provider';
import type { AlbumStore } from '../albums';
import { EXTERNAL_GATEWAY_CLIENT_ID, EXTERNAL_VIEWER_CLIENT_ID } from './clients';

// --external-op: panva's oidc-provider (a certified OpenID Provider nobody here wrote) as an L4 issuer other than
// KHEOPS. It runs in-process on its own loopback port with its stock devInteractions login and consent pages.
// The viewer is an ordinary public client (code + PKCE S256, refresh tokens rotated); the KHEOPS gateway is a
// confidential resource-server client that may only introspect (RFC 7662) the viewer's access tokens.

export interface ExternalOpSettings {
  /** Viewer origin, e.g. http://127.0.0.1:3000: redirect URI `${viewer}/kheops` and the one CORS origin. */
  viewer: string;
  /** Access-token lifetime in seconds. */
  accessTokenTtl: number;
  /** Refresh-token idle lifetime in seconds (each rotation starts a new one). */
  refreshTtl: number;
  /** Refresh-token absolute lifetime in seconds (the grant's lifetime). */
  refreshAbsoluteTtl: number;
  albums: AlbumStore;
  log: (msg: string) => void;
}

export interface RunningExternalOp {
  issuer: string;
  viewerClientId: string;
  /** Credentials and endpoint the gateway introspects with. */
  introspection: { endpoint: string; clientId: string; clientSecret: string };
  startMs: number;
  close(): Promise<void>;
}

async function signingKey(): Promise<Record<string, unknown>> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    ...(await exportJWK(privateKey)),
    kid: `external-op-${randomBytes(6).toString('hex')}`,
    alg: 'RS256',
    use: 'sig',
  };
}

export async function startExternalOp(s: ExternalOpSettings): Promise<RunningExternalOp> {
  const t0 = Date.now();
  // ESM only: a dynamic import from this CommonJS-compiled module.
  const { Provider } = await import('oidc-provider');

  // Listen first (port 0 on loopback only), then build the provider for the issuer that port gives.
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const gatewaySecret = randomBytes(32).toString('base64url');
  const redirectUri = `${s.viewer}/kheops`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: EXTERNAL_VIEWER_CLIENT_ID,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [redirectUri],
      },
      {
        client_id: EXTERNAL_GATEWAY_CLIENT_ID,
        client_secret: gatewaySecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    // `read` and `write` are what KHEOPS access tokens carry; offline_access is not needed (see issueRefreshToken).
    scopes: ['openid', 'offline_access', 'read', 'write'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    // devInteractions accepts any login; the login_hint (KHEOPS passes the user's sub) prefills it. The account
    // is whoever logged in: only a sub the AlbumStore knows reaches studies at the gateway.
    findAccount: (_ctx: unknown, sub: string): OidcAccount => ({
      accountId: sub,
      claims: () => {
        const user = s.albums.users.get(sub);
        return user ? { sub, name: user.name, email: user.email } : { sub };
      },
    }),
    features: {
      devInteractions: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx: unknown, client: OidcClientRef) =>
          client.clientId === EXTERNAL_GATEWAY_CLIENT_ID,
      },
      revocation: { enabled: true },
    },
    pkce: { required: () => true },
    // The viewer is a browser app: refresh tokens without offline_access (which the OP honours only with
    // prompt=consent), rotated on every use.
    issueRefreshToken: (_ctx: unknown, client: OidcClientRef) =>
      client.clientId === EXTERNAL_VIEWER_CLIENT_ID && client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    clientBasedCORS: (_ctx: unknown, origin: string, client: OidcClientRef) =>
      origin === s.viewer && client.clientId === EXTERNAL_VIEWER_CLIENT_ID,
    ttl: {
      AccessToken: s.accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 300,
      Interaction: 600,
      Session: 3600,
      Grant: s.refreshAbsoluteTtl,
      RefreshToken: s.refreshTtl,
    },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [await signingKey()] },
  });
  provider.on('server_error', (_ctx, err) => s.log(`external OP server error: ${String(err)}`));
  // The stock devInteractions pages @import Google Fonts; the sandbox browser must stay on loopback, so the
  // (purely cosmetic) import is dropped. Nothing else of the provider's output is touched.
  provider.use(async (ctx, next) => {
    await next();
    if (typeof ctx.body === 'string' && ctx.type.startsWith('text/html'))
      ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com\/[^)]*\);?/g, '');
  });
  handler = provider.callback();

  const startMs = Date.now() - t0;
  s.log(`external OpenID provider (oidc-provider) ${issuer} in ${startMs} ms`);
  return {
    issuer,
    viewerClientId: EXTERNAL_VIEWER_CLIENT_ID,
    introspection: {
      endpoint: `${issuer}/token/introspection`,
      clientId: EXTERNAL_GATEWAY_CLIENT_ID,
      clientSecret: gatewaySecret,
    },
    startMs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

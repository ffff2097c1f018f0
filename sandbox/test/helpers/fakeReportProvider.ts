import crypto, { type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

function b64url(v: unknown): string {
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
}

/** A compact RS256 (or other header) JWT signed with node:crypto, so tests need no ESM-only library. */
export function signJwt(
  key: KeyObject,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

export function decodeJwtPayload(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}

type Served =
  { doc: unknown; contentType: string | null; delayMs: number } | { location: string; status: number };

/**
 * A test-side report provider on a loopback port: serves configuration documents and a JWKS that the sandbox
 * fetches server-to-server, and signs private_key_jwt client assertions with its own RSA key.
 */
export class FakeReportProvider {
  readonly kid = 'rp-key-1';
  readonly keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly otherKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly docs = new Map<string, Served>();
  private server?: http.Server;
  origin = '';

  /** With `tls`, serves HTTPS (the sandbox must trust the certificate, e.g. through NODE_EXTRA_CA_CERTS). */
  async start(opts: { tls?: { key: string; cert: string } } = {}): Promise<this> {
    const handler: http.RequestListener = (req, res) => {
      const served = this.docs.get((req.url ?? '').split('?')[0]!);
      if (served === undefined) {
        res.writeHead(404).end();
        return;
      }
      if ('location' in served) {
        res.writeHead(served.status, { location: served.location }).end();
        return;
      }
      const headers: Record<string, string> = {};
      if (served.contentType !== null) headers['content-type'] = served.contentType;
      const send = () => res.writeHead(200, headers).end(JSON.stringify(served.doc));
      if (served.delayMs) setTimeout(send, served.delayMs);
      else send();
    };
    this.server = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const scheme = opts.tls ? 'https' : 'http';
    this.origin = `${scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.serve('/certs', {
      keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }],
    });
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
  }

  /**
   * Serves `doc` as JSON at `path`; `contentType` null sends no Content-Type, `delayMs` holds the answer back.
   * Returns the absolute URL.
   */
  serve(path: string, doc: unknown, opts: { contentType?: string | null; delayMs?: number } = {}): string {
    this.docs.set(path, {
      doc,
      contentType: opts.contentType === undefined ? 'application/json' : opts.contentType,
      delayMs: opts.delayMs ?? 0,
    });
    return `${this.origin}${path}`;
  }

  /** Answers `status` with a Location header at `path`. Returns the absolute URL. */
  redirect(path: string, location: string, status = 302): string {
    this.docs.set(path, { location, status });
    return `${this.origin}${path}`;
  }

  /** KheopsReportProvider:js/configuration.js, the confidential code-flow provider. */
  codeConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      jwks_uri: `${this.origin}/certs`,
      response_type: 'code',
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      redirect_uri: `${this.origin}/report.html`,
      client_name: 'Test report provider',
      ...overrides,
    };
  }

  /** A private_key_jwt client assertion; every field can be overridden to make it wrong. */
  assertion(
    clientId: string,
    audience: string,
    opts: { header?: Record<string, unknown>; claims?: Record<string, unknown>; key?: KeyObject } = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      opts.key ?? this.keys.privateKey,
      { alg: 'RS256', kid: this.kid, typ: 'JWT', ...opts.header },
      {
        iss: clientId,
        sub: clientId,
        aud: audience,
        jti: crypto.randomUUID(),
        iat: now,
        exp: now + 120,
        ...opts.claims,
      },
    );
  }
}

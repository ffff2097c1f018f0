/** What the fake saw of one request. */
export interface SeenRequest {
  url: string;
  method: string;
  auth: string | null;
  /** The form of a token-endpoint request. */
  form?: URLSearchParams;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/**
 * Test double: a KHEOPS server at `origin` (API under /api) as the network shows it to the viewer — discovery,
 * report-provider configuration, token endpoint (code and refresh grants, ID token with the nonce it was asked
 * for), QIDO, STOW, userinfo. Install `fetch` as the global fetch; each answer can be changed by a test.
 */
export class FakeKheops {
  readonly api: string;
  readonly seen: SeenRequest[] = [];
  /** Studies the token reaches; the QIDO status (200 reads `granted`). */
  granted = new Set<string>();
  qidoStatus: number | 'network' = 200;
  stowStatus = 400;
  userinfo: number | { sub: string } = { sub: 'user-1' };
  /** The token endpoint's answer to the code grant, then to each refresh. */
  codeAnswer: () => Response = () => this.tokens({});
  refreshAnswer: () => Response = () => this.tokens({});
  /** The nonce the ID token carries (set from the authorization request); undefined: no ID token. */
  nonce?: string;
  idClaims: Record<string, unknown> = {};
  clientId = 'viewer';
  studyUIDs?: string[];
  /** Overrides of the two configuration documents' fields (undefined deletes one). */
  reportConfig: Record<string, unknown> = {};
  openidConfig: Record<string, unknown> = {};
  private issued = 0;

  constructor(readonly origin = 'https://kheops.example') {
    this.api = `${origin}/api`;
  }

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init.method ?? 'GET').toUpperCase();
    const auth = new Headers(init.headers).get('Authorization');
    const u = new URL(url);
    const path = `${u.origin}${u.pathname}`;
    const form = path === `${this.api}/token` ? new URLSearchParams(String(init.body)) : undefined;
    this.seen.push({ url, method, auth, form });
    if (u.origin !== this.origin) throw new TypeError('Failed to fetch');
    switch (path) {
      case `${this.api}/.well-known/openid-configuration`:
        return json(
          clean({
            issuer: this.api,
            authorization_endpoint: `${this.api}/authorize`,
            token_endpoint: `${this.api}/token`,
            revocation_endpoint: `${this.api}/revoke`,
            dicomweb_endpoint: this.api,
            authorization_response_iss_parameter_supported: true,
            ...this.openidConfig,
          }),
        );
      case `${this.api}/.well-known/report-provider-configuration`:
        return json(
          clean({
            issuer: this.api,
            dicomweb_endpoint: this.api,
            token_endpoint: `${this.api}/token`,
            userinfo_endpoint: `${this.api}/userinfo`,
            ...this.reportConfig,
          }),
        );
      case `${this.api}/token`:
        return form?.get('grant_type') === 'refresh_token' ? this.refreshAnswer() : this.codeAnswer();
      case `${this.api}/revoke`:
        return new Response(null, { status: 200 });
      case `${this.api}/userinfo`:
        return typeof this.userinfo === 'number'
          ? new Response(null, { status: this.userinfo })
          : json(this.userinfo);
      case `${this.api}/studies`: {
        if (this.qidoStatus === 'network') throw new TypeError('Failed to fetch');
        if (this.qidoStatus !== 200) return new Response(null, { status: this.qidoStatus });
        const study = u.searchParams.get('StudyInstanceUID') ?? '';
        return json(this.granted.has(study) ? [{ '0020000D': { vr: 'UI', Value: [study] } }] : []);
      }
    }
    if (method === 'POST' && u.pathname.startsWith('/api/studies/'))
      return new Response(null, { status: this.stowStatus });
    return new Response('<html>Not found</html>', { status: 404, headers: { 'Content-Type': 'text/html' } });
  };

  /** A token response: a new access token each time (AT-1, AT-2…), a refresh token, the granted studies. */
  tokens(extra: Record<string, unknown>): Response {
    this.issued += 1;
    const now = Math.floor(Date.now() / 1000);
    const idToken =
      this.nonce === undefined
        ? undefined
        : `${b64({ alg: 'RS256' })}.${b64({ iss: this.api, aud: this.clientId, sub: 'user-4', exp: now + 300, iat: now, nonce: this.nonce, ...this.idClaims })}.sig`;
    return json(
      clean({
        access_token: `AT-${this.issued}`,
        token_type: 'Bearer',
        expires_in: 300,
        refresh_token: `RT-${this.issued}`,
        // oidc-client-ts wants an ID token whenever the granted scope names openid
        scope: idToken ? 'openid read write' : 'read write',
        id_token: idToken,
        study_uids: this.studyUIDs,
        ...extra,
      }),
    );
  }

  /** A token-endpoint error (RFC 6749 §5.2). */
  static error(error: string): Response {
    return json({ error }, 400);
  }

  requestsTo(path: string): SeenRequest[] {
    return this.seen.filter((r) => new URL(r.url).pathname === path);
  }
}

function clean(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { SandboxContext, TokenServiceLike } from '../context';
import type { Principal, TokenCheck } from '../types';
import { AlbumCapabilities, isCapabilityTokenFormat, type AlbumCapability } from './AlbumCapabilities';
import { AuthorizationCodes } from './AuthorizationCodes';
import { ClientAssertionVerifier } from './ClientAssertionVerifier';
import { opaqueToken, randomAlphanumeric } from './ids';
import { LaunchHandles } from './LaunchHandles';
import { RefreshTokens, type RefreshGrant } from './RefreshTokens';
import { ReportProviderRegistry } from './ReportProviderRegistry';
import { ServerKeys } from './ServerKeys';
import { payloadSegment, ViewerTokens } from './ViewerTokens';

/** OidcAccessToken.java: what a Keycloak user token is worth to KHEOPS. */
export const USER_SCOPE = 'user read write downloadbutton send';

/** The read/write part of a granted scope (e.g. `openid read write`) is what an access token carries. */
export function accessScope(granted: string): string {
  return granted
    .split(' ')
    .filter((w) => w === 'read' || w === 'write')
    .join(' ');
}

export interface TokenServiceSettings {
  /** Lifetime of the stand-in Keycloak token the sandbox UI holds. */
  userTokenTtlSeconds: number;
  /** ReportProviderAccessToken.java verifies exp with 60 s leeway; PROFILE ohif: none, so short TTLs bite on time. */
  accessLeewaySeconds: number;
  codeTtlSeconds: number;
  codeLeewaySeconds: number;
  launchHandleTtlSeconds: number;
  idTokenTtlSeconds: number;
}

export function defaultTokenSettings(ctx: SandboxContext): TokenServiceSettings {
  const today = ctx.options.profile === 'today';
  return {
    userTokenTtlSeconds: 3600,
    accessLeewaySeconds: today ? 60 : 0,
    // ReportProviderAuthCodeGenerator: generate(600); PROFILE ohif item 2: 60 s.
    codeTtlSeconds: today ? 600 : 60,
    codeLeewaySeconds: today ? 60 : 0,
    launchHandleTtlSeconds: 60,
    idTokenTtlSeconds: 300,
  };
}

export interface ProviderTokenRequest {
  sub: string;
  clientId: string;
  studyUIDs: string[];
  scope: string;
}

export interface ViewerTokenRequest {
  subjectToken: string;
  subject: Principal;
  studyUID: string;
  scope: string;
  sourceId?: string;
  isInbox: boolean;
}

/** The token room: every token kind the sandbox mints and how each is verified and revoked. */
export class TokenService implements TokenServiceLike {
  readonly settings: TokenServiceSettings;
  readonly providers = new ReportProviderRegistry();
  readonly launches: LaunchHandles;
  readonly codes: AuthorizationCodes;
  readonly refresh: RefreshTokens;
  readonly assertions: ClientAssertionVerifier;
  /** AS/capability: album sharing links (capability tokens with album scope). */
  readonly capabilities: AlbumCapabilities;
  /** online.kheops.client.dicomwebproxyclientid / secret: the only internal_client (Basic auth at /api/token). */
  readonly internalClient = { id: 'dicomwebproxy', secret: randomAlphanumeric(32) };
  private readonly keysReady: Promise<ServerKeys>;
  /** online.kheops.auth.hmacsecret: signs report-provider tokens and authorization codes (HS256). */
  private readonly hmacSecret = new Uint8Array(randomBytes(32));
  /** AS/util/JweAesKey.java: random AES-128 key at start, so a restart invalidates every viewer token. */
  private viewer = new ViewerTokens(new Uint8Array(randomBytes(16)));

  /**
   * What a KHEOPS restart does to tokens: the viewer-token key is random per process (AS/util/JweAesKey.java), so
   * every viewer token issued before is refused; report-provider tokens, user tokens and refresh tokens (database
   * and configured secrets) survive.
   */
  restart(): void {
    this.viewer = new ViewerTokens(new Uint8Array(randomBytes(16)));
  }
  private readonly issuedJtis = new Set<string>();
  private readonly revokedJtis = new Set<string>();
  /** PROFILE ohif item 2: what each code produced, revoked when the code is replayed. */
  private readonly codeOutputs = new Map<string, { jtis: string[]; familyId?: string }>();

  constructor(
    readonly ctx: SandboxContext,
    settings: Partial<TokenServiceSettings> = {},
  ) {
    this.settings = { ...defaultTokenSettings(ctx), ...settings };
    this.keysReady = ServerKeys.create();
    const now = () => ctx.clock.now();
    this.launches = new LaunchHandles({ ttlSeconds: this.settings.launchHandleTtlSeconds, now });
    this.assertions = new ClientAssertionVerifier({ now });
    this.capabilities = new AlbumCapabilities(now);
    this.codes = new AuthorizationCodes({
      issuer: ctx.urls.root,
      secret: this.hmacSecret,
      ttlSeconds: this.settings.codeTtlSeconds,
      leewaySeconds: this.settings.codeLeewaySeconds,
      reusable: ctx.options.reusableCodes,
      now,
    });
    this.refresh = new RefreshTokens({
      idleTtlSeconds: ctx.options.refreshTtl,
      absoluteTtlSeconds: ctx.options.refreshAbsoluteTtl,
      now,
    });
  }

  get isProfile(): boolean {
    return this.ctx.options.profile === 'ohif';
  }

  private get userIssuer(): string {
    return `${this.ctx.urls.root}/auth/realms/kheops`;
  }

  async jwks(): Promise<{ keys: unknown[] }> {
    return (await this.keysReady).jwks();
  }

  // ---- issuing -------------------------------------------------------------------------------------------

  async issueUserToken(sub: string): Promise<string> {
    const keys = await this.keysReady;
    const now = this.ctx.clock.nowSeconds();
    return new SignJWT({ scope: USER_SCOPE, azp: 'kheops-ui', typ: 'Bearer' })
      .setProtectedHeader({ alg: 'RS256', kid: keys.userTokenKey.kid, typ: 'JWT' })
      .setIssuer(this.userIssuer)
      .setSubject(sub)
      .setAudience('kheops')
      .setIssuedAt(now)
      .setExpirationTime(now + this.settings.userTokenTtlSeconds)
      .setJti(opaqueToken(16))
      .sign(keys.userTokenKey.privateKey);
  }

  /** AS/token/ReportProviderAccessTokenGenerator.java: HS256, type report_generator, studyUID array. */
  async issueProviderAccessToken(
    req: ProviderTokenRequest,
    ttlSeconds = this.ctx.options.tokenTtl,
  ): Promise<{ token: string; jti: string; expiresIn: number }> {
    const now = this.ctx.clock.nowSeconds();
    const jti = opaqueToken(16);
    const token = await new SignJWT({
      type: 'report_generator',
      azp: req.clientId,
      scope: req.scope,
      studyUID: req.studyUIDs,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(this.ctx.urls.root)
      .setAudience(this.ctx.urls.root)
      .setSubject(req.sub)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(jti)
      .sign(this.hmacSecret);
    this.issuedJtis.add(jti);
    return { token, jti, expiresIn: ttlSeconds };
  }

  /** AS/token/ViewerAccessTokenGenerator.java. */
  async issueViewerToken(req: ViewerTokenRequest): Promise<{ token: string; expiresIn: number }> {
    const jti = opaqueToken(16);
    const ttl = this.ctx.options.viewerTokenTtl;
    const inner = req.subject.kind === 'user' ? payloadSegment(req.subjectToken) : req.subjectToken;
    const token = await this.viewer.seal({
      token: inner,
      sourceId: req.sourceId,
      isInbox: req.isInbox,
      studyInstanceUID: req.studyUID,
      exp: this.ctx.clock.nowSeconds() + ttl,
      scope: req.scope,
      jti,
    });
    this.issuedJtis.add(jti);
    return { token, expiresIn: ttl };
  }

  /** AS/PepAccessTokenBuilderImpl.java: internal-only, one study and one series, 3600 s. */
  async issuePepToken(
    sub: string,
    studyUID: string,
    seriesUID: string,
  ): Promise<{ token: string; expiresIn: number }> {
    const now = this.ctx.clock.nowSeconds();
    const token = await new SignJWT({ study_uid: studyUID, series_uid: seriesUID })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('auth.kheops.online')
      .setAudience('dicom.kheops.online')
      .setSubject(sub)
      .setNotBefore(now)
      .setExpirationTime(now + 3600)
      .sign(this.hmacSecret);
    return { token, expiresIn: 3600 };
  }

  /** PROFILE ohif item 5: RS256 ID token, verifiable with /api/jwks. */
  async issueIdToken(sub: string, clientId: string, nonce: string | undefined): Promise<string> {
    const keys = await this.keysReady;
    const user = this.ctx.albums.users.get(sub);
    const now = this.ctx.clock.nowSeconds();
    const claims: Record<string, unknown> = { azp: clientId, auth_time: now };
    if (nonce !== undefined) claims.nonce = nonce;
    if (user) Object.assign(claims, { name: user.name, email: user.email });
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: keys.idTokenKey.kid, typ: 'JWT' })
      .setIssuer(this.ctx.urls.api)
      .setAudience(clientId)
      .setSubject(sub)
      .setIssuedAt(now)
      .setExpirationTime(now + this.settings.idTokenTtlSeconds)
      .sign(keys.idTokenKey.privateKey);
  }

  /** PROFILE ohif: an access token (and a rotated refresh token) for a code or refresh grant. */
  async issueForGrant(
    grant: RefreshGrant,
    familyId: string | undefined,
  ): Promise<{
    accessToken: string;
    expiresIn: number;
    refreshToken?: string;
    familyId?: string;
    jti: string;
  }> {
    const access = await this.issueProviderAccessToken({
      sub: grant.sub,
      clientId: grant.clientId,
      studyUIDs: grant.studyUIDs,
      scope: accessScope(grant.scope),
    });
    if (!this.isProfile) return { accessToken: access.token, expiresIn: access.expiresIn, jti: access.jti };
    let refreshToken: string | undefined;
    if (familyId === undefined) ({ refreshToken, familyId } = this.refresh.startFamily(grant));
    this.refresh.recordAccessToken(familyId, access.jti);
    return {
      accessToken: access.token,
      expiresIn: access.expiresIn,
      refreshToken,
      familyId,
      jti: access.jti,
    };
  }

  // ---- revocation ----------------------------------------------------------------------------------------

  recordCodeOutput(codeId: string, jti: string, familyId?: string): void {
    this.codeOutputs.set(codeId, { jtis: [jti], familyId });
  }

  /** PROFILE ohif item 2: a replayed code revokes what it produced (RFC 6749 §4.1.2, RFC 9700 §4.5). */
  revokeCodeOutput(codeId: string): void {
    const out = this.codeOutputs.get(codeId);
    if (!out) return;
    this.revokeJtis(out.jtis);
    if (out.familyId) this.revokeJtis(this.refresh.revokeFamily(out.familyId));
  }

  revokeJtis(jtis: Iterable<string>): void {
    for (const jti of jtis) this.revokedJtis.add(jti);
  }

  /** Every report-provider, viewer and refresh token so far. User tokens stand for the Keycloak session and stay. */
  revokeAll(): void {
    this.revokeJtis(this.issuedJtis);
    this.refresh.revokeAll();
  }

  // ---- verification --------------------------------------------------------------------------------------

  /** --external-op: access tokens of an OpenID provider other than KHEOPS (sandbox/src/externalOp). */
  external: { verify(token: string): Promise<TokenCheck> } | undefined;

  async verifyAccessToken(token: string): Promise<TokenCheck> {
    const own = await this.verifyOwnAccessToken(token);
    if (own.ok || own.reason !== 'invalid' || !this.external || !this.ctx.urls.externalIssuer) return own;
    try {
      return await this.external.verify(token);
    } catch (err) {
      this.ctx.log(`external token check failed: ${err instanceof Error ? err.message : String(err)}`);
      return own;
    }
  }

  private async verifyOwnAccessToken(token: string): Promise<TokenCheck> {
    if (isCapabilityTokenFormat(token)) return this.verifyCapabilityToken(token);
    const parts = token.split('.');
    if (parts.length === 5) return this.verifyViewerToken(token);
    if (parts.length !== 3) return { ok: false, reason: 'invalid' };
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (alg === 'HS256') return this.verifyProviderToken(token);
    if (alg === 'RS256') return this.verifyUserToken(token);
    return { ok: false, reason: 'invalid' };
  }

  private async verifyUserToken(token: string): Promise<TokenCheck> {
    const keys = await this.keysReady;
    try {
      const { payload } = await jwtVerify(token, keys.userTokenKey.publicKey, {
        algorithms: ['RS256'],
        issuer: this.userIssuer,
        clockTolerance: 60,
        currentDate: this.ctx.clock.date(),
      });
      // OidcAccessToken / SecuredFilter: an unknown user gets 401.
      if (!payload.sub || !this.ctx.albums.users.has(payload.sub)) return { ok: false, reason: 'invalid' };
      return {
        ok: true,
        principal: {
          kind: 'user',
          sub: payload.sub,
          scopes: USER_SCOPE.split(' '),
          studyUIDs: null,
          exp: payload.exp,
          jti: payload.jti,
        },
      };
    } catch (err) {
      return { ok: false, reason: err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
    }
  }

  /** AS/accesstoken/ReportProviderAccessToken.java + AS/principal/ReportProviderPrincipal.java. */
  private async verifyProviderToken(token: string): Promise<TokenCheck> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.hmacSecret, {
        algorithms: ['HS256'],
        issuer: this.ctx.urls.root,
        audience: this.ctx.urls.root,
        clockTolerance: this.settings.accessLeewaySeconds,
        currentDate: this.ctx.clock.date(),
        requiredClaims: ['exp', 'sub', 'azp'],
      }));
    } catch (err) {
      return { ok: false, reason: err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
    }
    if (payload.type !== 'report_generator' || !Array.isArray(payload.studyUID))
      return { ok: false, reason: 'invalid' };
    if (payload.jti && this.revokedJtis.has(payload.jti)) return { ok: false, reason: 'revoked' };
    // The token itself stays good; each use that builds a principal refuses it (ForbiddenException).
    const provider = this.providers.get(String(payload.azp));
    if (!provider) return { ok: false, reason: 'removed_client', sub: payload.sub! };
    return {
      ok: true,
      principal: {
        kind: 'report_provider',
        sub: payload.sub!,
        scopes: String(payload.scope ?? '')
          .split(' ')
          .filter(Boolean),
        studyUIDs: payload.studyUID as string[],
        albumId: provider.albumId,
        clientId: provider.clientId,
        exp: payload.exp,
        jti: payload.jti,
      },
    };
  }

  /** AS/accesstoken/CapabilityAccessToken.java: an album capability speaks for its creator, with its permissions. */
  private verifyCapabilityToken(token: string): TokenCheck {
    const capability = this.capabilities.find(token);
    if (!capability || !this.ctx.albums.users.has(capability.sub)) return { ok: false, reason: 'invalid' };
    return { ok: true, principal: capabilityPrincipal(capability) };
  }

  /** AS/accesstoken/ViewerAccessToken.java + AS/principal/ViewerPrincipal.java. */
  private async verifyViewerToken(token: string): Promise<TokenCheck> {
    const payload = await this.viewer.open(token);
    if (!payload) return { ok: false, reason: 'invalid' };
    if (this.revokedJtis.has(payload.jti)) return { ok: false, reason: 'revoked' };
    // KHEOPS never checks the JWE exp (Consts.Jwe.EXP is only written); the switch is a sandbox option.
    if (this.ctx.options.honourViewerExp && payload.exp < this.ctx.clock.nowSeconds())
      return { ok: false, reason: 'expired' };
    const inner = await this.innerPrincipal(payload.token);
    if (!inner) return { ok: false, reason: 'invalid' };
    return {
      ok: true,
      principal: {
        kind: 'viewer',
        sub: inner.sub,
        scopes: (payload.scope || 'read').split(' ').filter(Boolean),
        studyUIDs: [payload.studyInstanceUID],
        albumId: payload.sourceId ?? inner.albumId,
        subject: inner,
        inbox: payload.isInbox,
        clientId: inner.clientId,
        exp: this.ctx.options.honourViewerExp ? payload.exp : undefined,
        jti: payload.jti,
      },
    };
  }

  /** The token inside a viewer token: a full report-provider JWT is verified; an OIDC payload is only decoded. */
  private async innerPrincipal(inner: string): Promise<Principal | null> {
    if (isCapabilityTokenFormat(inner) || inner.split('.').length === 3) {
      const check = await this.verifyAccessToken(inner);
      return check.ok ? check.principal : null;
    }
    try {
      const claims = JSON.parse(Buffer.from(inner, 'base64url').toString('utf8')) as { sub?: string };
      if (!claims.sub || !this.ctx.albums.users.has(claims.sub)) return null;
      return { kind: 'user', sub: claims.sub, scopes: USER_SCOPE.split(' '), studyUIDs: null };
    } catch {
      return null;
    }
  }
}

/** CapabilityAccessToken.getScope: read / write / downloadbutton / send from the capability's permissions. */
export function capabilityPrincipal(c: AlbumCapability): Principal {
  const scopes: string[] = [];
  if (c.readPermission) scopes.push('read');
  if (c.writePermission) scopes.push('write');
  if (c.downloadPermission) scopes.push('downloadbutton');
  if (c.appropriatePermission) scopes.push('send');
  return {
    kind: 'album_capability',
    sub: c.sub,
    scopes,
    studyUIDs: null,
    albumId: c.albumId,
    jti: c.id,
  };
}

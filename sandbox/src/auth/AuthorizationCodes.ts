import { jwtVerify, SignJWT } from 'jose';
import { opaqueToken } from './ids';

/** What a code carries from the launch (or /api/authorize) to the token endpoint. */
export interface CodeGrant {
  sub: string;
  clientId: string;
  studyUIDs: string[];
  /** PROFILE ohif: the code is bound to the redirect_uri it was sent to. */
  redirectUri?: string;
  seriesUID?: string;
  /** PROFILE ohif /api/authorize: requested scope, nonce and PKCE challenge. */
  scope?: string;
  nonce?: string;
  codeChallenge?: string;
}

export interface AuthorizationCodeSettings {
  issuer: string;
  secret: Uint8Array;
  /** ReportProviderAuthCodeGenerator: generate(600); PROFILE ohif: 60 s. */
  ttlSeconds: number;
  leewaySeconds: number;
  /** KHEOPS today: a code is stateless and can be exchanged again until it expires. */
  reusable: boolean;
  now: () => number;
}

export type CodeRedemption =
  | { ok: true; grant: CodeGrant; codeId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'replayed'; codeId: string };

/**
 * AS/token/ReportProviderAuthCodeGenerator.java (HS256, type report_provider_code, iss = aud = root, azp)
 * and AS/token/AuthorizationCodeValidator.java. The used-code ledger is PROFILE ohif only.
 */
export class AuthorizationCodes {
  private readonly used = new Set<string>();

  constructor(private readonly settings: AuthorizationCodeSettings) {}

  async issue(grant: CodeGrant): Promise<string> {
    const now = Math.floor(this.settings.now() / 1000);
    const claims: Record<string, unknown> = {
      type: 'report_provider_code',
      study_uids: grant.studyUIDs,
      azp: grant.clientId,
    };
    if (grant.redirectUri !== undefined) claims.redirect_uri = grant.redirectUri;
    if (grant.seriesUID !== undefined) claims.series_uid = grant.seriesUID;
    if (grant.scope !== undefined) claims.scope = grant.scope;
    if (grant.nonce !== undefined) claims.nonce = grant.nonce;
    if (grant.codeChallenge !== undefined) claims.code_challenge = grant.codeChallenge;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(grant.sub)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.issuer)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.settings.ttlSeconds)
      .setJti(opaqueToken(16))
      .sign(this.settings.secret);
  }

  async redeem(code: string, clientId: string): Promise<CodeRedemption> {
    let payload;
    try {
      ({ payload } = await jwtVerify(code, this.settings.secret, {
        algorithms: ['HS256'],
        issuer: this.settings.issuer,
        audience: this.settings.issuer,
        clockTolerance: this.settings.leewaySeconds,
        currentDate: new Date(this.settings.now()),
        requiredClaims: ['exp', 'sub', 'jti'],
      }));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (
      payload.type !== 'report_provider_code' ||
      payload.azp !== clientId ||
      !Array.isArray(payload.study_uids)
    ) {
      return { ok: false, reason: 'invalid' };
    }
    const codeId = payload.jti!;
    if (!this.settings.reusable) {
      if (this.used.has(codeId)) return { ok: false, reason: 'replayed', codeId };
      this.used.add(codeId);
    }
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return {
      ok: true,
      codeId,
      grant: {
        sub: payload.sub!,
        clientId,
        studyUIDs: payload.study_uids as string[],
        redirectUri: str(payload.redirect_uri),
        seriesUID: str(payload.series_uid),
        scope: str(payload.scope),
        nonce: str(payload.nonce),
        codeChallenge: str(payload.code_challenge),
      },
    };
  }
}

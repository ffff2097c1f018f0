import { opaqueToken } from './ids';

/** What a refresh family keeps alive: the launch context of the code it came from. */
export interface RefreshGrant {
  sub: string;
  clientId: string;
  albumId: string;
  studyUIDs: string[];
  seriesUID?: string;
  scope: string;
}

export interface RefreshSettings {
  /** Idle cap: a refresh token unused for this long is dead. */
  idleTtlSeconds: number;
  /** Absolute cap: the whole family dies this long after the code exchange. */
  absoluteTtlSeconds: number;
  now: () => number;
}

interface Family {
  id: string;
  grant: RefreshGrant;
  createdAt: number;
  revoked: boolean;
  /** jti of every access token issued in this family, revoked with it. */
  accessJtis: Set<string>;
}

interface TokenEntry {
  family: Family;
  issuedAt: number;
  rotated: boolean;
}

export type RefreshRotation =
  | { ok: true; grant: RefreshGrant; refreshToken: string; familyId: string }
  | {
      ok: false;
      reason: 'unknown' | 'revoked' | 'expired' | 'wrong_client' | 'reused';
      revokedAccessJtis?: string[];
    };

/**
 * PROFILE ohif item 6: opaque refresh tokens, rotated on every use; presenting a rotated token again revokes the
 * whole family (RFC 9700 §4.14.2). KHEOPS today has no refresh at all (AS/token/TokenGrantType.java).
 */
export class RefreshTokens {
  private readonly tokens = new Map<string, TokenEntry>();
  private readonly families = new Map<string, Family>();

  constructor(private readonly settings: RefreshSettings) {}

  startFamily(grant: RefreshGrant): { refreshToken: string; familyId: string } {
    const family: Family = {
      id: opaqueToken(12),
      grant,
      createdAt: this.settings.now(),
      revoked: false,
      accessJtis: new Set(),
    };
    this.families.set(family.id, family);
    return { refreshToken: this.mint(family), familyId: family.id };
  }

  recordAccessToken(familyId: string, jti: string): void {
    this.families.get(familyId)?.accessJtis.add(jti);
  }

  rotate(refreshToken: string, clientId: string): RefreshRotation {
    const entry = this.tokens.get(refreshToken);
    if (!entry) return { ok: false, reason: 'unknown' };
    const { family } = entry;
    if (family.revoked) return { ok: false, reason: 'revoked' };
    if (family.grant.clientId !== clientId) return { ok: false, reason: 'wrong_client' };
    if (entry.rotated)
      return { ok: false, reason: 'reused', revokedAccessJtis: this.revokeFamily(family.id) };
    const now = this.settings.now();
    if (
      now - entry.issuedAt > this.settings.idleTtlSeconds * 1000 ||
      now - family.createdAt > this.settings.absoluteTtlSeconds * 1000
    ) {
      return { ok: false, reason: 'expired' };
    }
    entry.rotated = true;
    return { ok: true, grant: family.grant, refreshToken: this.mint(family), familyId: family.id };
  }

  /** Which family (and client) a refresh token belongs to, rotated or not. */
  familyOf(refreshToken: string): { id: string; clientId: string } | undefined {
    const entry = this.tokens.get(refreshToken);
    return entry ? { id: entry.family.id, clientId: entry.family.grant.clientId } : undefined;
  }

  /** Returns the access-token jtis of the family so the caller revokes them too. */
  revokeFamily(familyId: string): string[] {
    const family = this.families.get(familyId);
    if (!family) return [];
    family.revoked = true;
    return [...family.accessJtis];
  }

  revokeAll(): void {
    for (const family of this.families.values()) family.revoked = true;
  }

  private mint(family: Family): string {
    const token = opaqueToken(32);
    this.tokens.set(token, { family, issuedAt: this.settings.now(), rotated: false });
    return token;
  }
}

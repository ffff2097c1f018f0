import { createHash, randomInt } from 'node:crypto';

// AS/capability/CapabilityToken.java: 22 characters of [A-Za-z0-9], stored as a SHA-256 hex hash.
const TOKEN_DICT = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890';
const TOKEN_LENGTH = 22;
const TOKEN_PATTERN = /^[A-Za-z0-9]{22}$/;

export function isCapabilityTokenFormat(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

function hashCapability(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** An album-scoped capability (AS/entity/Capability.java with ScopeType.ALBUM): a sharing link. */
export interface AlbumCapability {
  id: string;
  title: string;
  albumId: string;
  /** The album admin who created it; the token speaks for them (CapabilityAccessToken.getSubject). */
  sub: string;
  readPermission: boolean;
  writePermission: boolean;
  downloadPermission: boolean;
  appropriatePermission: boolean;
  /** Epoch seconds; Capability.isValid refuses after it. */
  expiresAt?: number;
  revoked: boolean;
}

export type NewAlbumCapability = Omit<AlbumCapability, 'id' | 'revoked'>;

/** The album sharing links the sandbox has minted, by hash like KHEOPS keeps them. */
export class AlbumCapabilities {
  private readonly byHash = new Map<string, AlbumCapability>();
  private readonly links = new Map<string, string>();

  /** @param now epoch milliseconds (the sandbox clock). */
  constructor(private readonly now: () => number = Date.now) {}

  create(spec: NewAlbumCapability): { token: string; capability: AlbumCapability } {
    let token: string;
    do {
      token = Array.from({ length: TOKEN_LENGTH }, () => TOKEN_DICT[randomInt(TOKEN_DICT.length)]).join('');
    } while (this.byHash.has(hashCapability(token)));
    const capability: AlbumCapability = { ...spec, id: randomAlphanumericId(), revoked: false };
    this.byHash.set(hashCapability(token), capability);
    return { token, capability };
  }

  /** CapabilityAccessToken.CapabilityAccessTokenBuilder: format, known, not revoked, not expired. */
  find(token: string): AlbumCapability | undefined {
    const nowSeconds = Math.floor(this.now() / 1000);
    if (!isCapabilityTokenFormat(token)) return undefined;
    const capability = this.byHash.get(hashCapability(token));
    if (!capability || capability.revoked) return undefined;
    if (capability.expiresAt !== undefined && capability.expiresAt < nowSeconds) return undefined;
    return capability;
  }

  /** The read-only sharing link of an album (created once per album), like an admin makes in the KHEOPS UI. */
  readOnlyLink(albumId: string, adminSub: string): string {
    const known = this.links.get(albumId);
    if (known && this.find(known)) return known;
    const { token } = this.create({
      title: 'Sharing link',
      albumId,
      sub: adminSub,
      readPermission: true,
      writePermission: false,
      downloadPermission: false,
      appropriatePermission: false,
    });
    this.links.set(albumId, token);
    return token;
  }
}

function randomAlphanumericId(): string {
  return Array.from({ length: 10 }, () => TOKEN_DICT[randomInt(TOKEN_DICT.length)]).join('');
}

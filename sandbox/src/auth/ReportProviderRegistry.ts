import { randomAlphanumeric } from './ids';

/** A row of KHEOPS's report_providers table (AS/entity/ReportProvider.java). */
export interface ReportProvider {
  clientId: string;
  albumId: string;
  name: string;
  url: string;
  createdTime: string;
  removed: boolean;
}

/** JSON shape of AS/report_provider/ReportProviderResponse.java (FULL). */
export function providerJson(p: ReportProvider): {
  name: string;
  url: string;
  client_id: string;
  created_time: string;
  album_id: string;
} {
  return {
    name: p.name,
    url: p.url,
    client_id: p.clientId,
    created_time: p.createdTime,
    album_id: p.albumId,
  };
}

export class ReportProviderRegistry {
  private readonly byClientId = new Map<string, ReportProvider>();

  add(albumId: string, name: string, url: string): ReportProvider {
    let clientId = randomAlphanumeric(22);
    while (this.byClientId.has(clientId)) clientId = randomAlphanumeric(22);
    const provider: ReportProvider = {
      clientId,
      albumId,
      name,
      url,
      createdTime: new Date().toISOString().slice(0, 19),
      removed: false,
    };
    this.byClientId.set(clientId, provider);
    return provider;
  }

  /** Soft-removed providers are gone for every lookup (ReportProviderQueries filters on removed = false). */
  get(clientId: string): ReportProvider | undefined {
    const p = this.byClientId.get(clientId);
    return p && !p.removed ? p : undefined;
  }

  ofAlbum(albumId: string): ReportProvider[] {
    return [...this.byClientId.values()].filter((p) => p.albumId === albumId && !p.removed);
  }
}

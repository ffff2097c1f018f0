// DICOMweb resources below the endpoint. KHEOPS serves its OAuth endpoints (/token, /report, /.well-known…) under
// the same /api root: a token request must neither carry the bearer nor wait for a fresh one (it *is* the refresh).
const DICOMWEB = /^\/(studies|series|instances|wado)(\/|$)/;
// A path that names DICOMweb resources anywhere in it (studies/series/instances UIDs, bulk data, frames, WADO).
const DICOMWEB_SHAPED = /\/(studies|series|instances|bulkdata|frames|wado|wado-rs|wado-uri)(\/|$)/i;

/** Where the request guard sends a request: as it is, re-rooted under the endpoint, or nowhere. */
export type Route = { action: 'send'; url: string; covered: boolean } | { action: 'refuse'; origin: string };

function dicomwebShaped(u: URL): boolean {
  let decoded = u.pathname;
  try {
    decoded = decodeURIComponent(u.pathname);
  } catch {
    // keep the raw path
  }
  return DICOMWEB_SHAPED.test(u.pathname) || DICOMWEB_SHAPED.test(decoded.replace(/\\/g, '/'));
}

/** Decides which URLs may carry the bearer token: the DICOMweb endpoint and nothing else. */
export class EndpointPolicy {
  private readonly origin: string;
  private readonly path: string;

  constructor(endpoint: string) {
    const u = new URL(endpoint);
    this.origin = u.origin;
    this.path = u.pathname.replace(/\/+$/, '');
  }

  get endpoint(): string {
    return this.origin + this.path;
  }

  /** True for the endpoint itself and the DICOMweb resources below it (after dot-segment normalisation). */
  covers(url: string, base?: string): boolean {
    let u: URL;
    try {
      u = new URL(url, base);
    } catch {
      return false;
    }
    if (u.origin !== this.origin || u.username || u.password) return false;
    if (u.pathname === this.path) return true;
    return u.pathname.startsWith(`${this.path}/`) && DICOMWEB.test(u.pathname.slice(this.path.length));
  }

  /**
   * Where a request the page makes may go. Under the endpoint: sent, with the bearer (covered). Not
   * DICOMweb-shaped: sent, never with our token. DICOMweb-shaped elsewhere — what hostile metadata makes OHIF fetch
   * (`//evil/studies/…`, `/\\evil/…` as the URL parser resolves them, `https://evil/studies/…`) — refused, unless it
   * is on the viewer's own origin (a relative `/studies/…` resolved against the page), which is re-rooted under the
   * endpoint, or on the endpoint's origin (sent without the token, as any other path there).
   */
  route(url: string, pageUrl: string): Route {
    let u: URL;
    try {
      u = new URL(url, pageUrl);
    } catch {
      return { action: 'send', url, covered: false }; // the browser refuses it by itself
    }
    if (this.covers(u.href)) return { action: 'send', url: u.href, covered: true };
    if (!dicomwebShaped(u)) return { action: 'send', url: u.href, covered: false };
    let page: string | undefined;
    try {
      page = new URL(pageUrl).origin;
    } catch {
      page = undefined;
    }
    if (u.origin === page) {
      const pinned = u.username || u.password ? undefined : this.pin(u.href);
      return pinned && this.covers(pinned)
        ? { action: 'send', url: pinned, covered: true }
        : { action: 'refuse', origin: u.origin };
    }
    if (u.origin === this.origin) return { action: 'send', url: u.href, covered: false };
    return { action: 'refuse', origin: u.origin };
  }

  /**
   * A URL found in DICOM metadata (BulkDataURI, RetrieveURL): kept when under the endpoint, re-rooted under it
   * when it names a /studies/… resource elsewhere, refused (undefined) otherwise.
   */
  pin(url: string): string | undefined {
    if (this.covers(url)) return new URL(url).href;
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    const i = u.pathname.indexOf('/studies/');
    if (i < 0) return undefined;
    return `${this.endpoint}${u.pathname.slice(i)}${u.search}`;
  }
}

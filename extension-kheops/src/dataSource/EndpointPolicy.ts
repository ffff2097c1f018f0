// DICOMweb resources below the endpoint. KHEOPS serves its OAuth endpoints (/token, /report, /.well-known…) under
// the same /api root: a token request must neither carry the bearer nor wait for a fresh one (it *is* the refresh).
const DICOMWEB = /^\/(studies|series|instances|wado)(\/|$)/;

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

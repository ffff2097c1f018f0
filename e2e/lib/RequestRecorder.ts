import type { BrowserContext, Page, Request } from 'playwright-core';

export interface RecordedRequest {
  method: string;
  url: string;
  resourceType: string;
  /** HTTP status; 0 while pending or when the request failed. */
  status: number;
  /** Date.now() when the browser sent it, and when its answer (or failure) came. */
  at: number;
  answeredAt?: number;
  failure?: string;
  /** Request headers with the Authorization value replaced by "<present>". */
  headers: Record<string, string>;
  hasAuthorization: boolean;
  /** URL of the page that issued the request, at the time it was issued. */
  pageUrl: string;
  /** The window that issued it (two viewer windows of one study share their URL); none for a worker. */
  page?: Page;
  /** Form body of POSTs (sandbox secrets included: keep it out of logs, use redactedPostData). */
  postData?: string;
}

export interface RecordedNavigation {
  /** Full URL including the fragment: the secrets a launch carries are visible here. */
  url: string;
  pageIndex: number;
  at: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** True for URLs that stay on this machine. */
export function isLoopback(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (LOCAL_SCHEMES.has(parsed.protocol)) return true;
  return /^(https?|wss?):$/.test(parsed.protocol) && LOOPBACK_HOSTS.has(parsed.hostname);
}

/** Hides tokens, codes and link tokens in a URL or form body before it goes into a log or artifact. */
export function redact(text: string): string {
  return text
    .replace(
      /(access_token|subject_token|code|refresh_token|login_hint|id_token)=[^&#\s"]+/g,
      '$1=<redacted>',
    )
    .replace(/(\/|%2F)link(\/|%2F)[^/%\s"]+(\/|%2F)/gi, '$1link$2<redacted>$3');
}

/** Records every request and every navigation of every page (popups included) of a browser context. */
export class RequestRecorder {
  readonly requests: RecordedRequest[] = [];
  readonly navigations: RecordedNavigation[] = [];
  private readonly byRequest = new Map<Request, RecordedRequest>();
  private readonly pages: Page[] = [];

  constructor(context: BrowserContext) {
    context.on('request', (req) => this.onRequest(req));
    context.on('response', (res) => {
      const entry = this.byRequest.get(res.request());
      if (!entry) return;
      entry.status = res.status();
      entry.answeredAt = Date.now();
    });
    context.on('requestfailed', (req) => this.onFailed(req));
    context.on('page', (page) => this.watch(page));
    context.pages().forEach((p) => this.watch(p));
  }

  clear(): void {
    this.requests.length = 0;
    this.navigations.length = 0;
  }

  /** Requests whose URL left loopback (attempted, even if blocked by the resolver rules). */
  nonLoopback(): RecordedRequest[] {
    return this.requests.filter((r) => !isLoopback(r.url));
  }

  assertAllLoopback(): void {
    const outside = this.nonLoopback();
    if (outside.length === 0) return;
    const lines = outside.map((r) => `${r.method} ${redact(r.url)} (${r.failure ?? r.status})`);
    throw new Error(`${outside.length} request(s) left loopback:\n${lines.join('\n')}`);
  }

  matching(pattern: RegExp | string, method?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        (typeof pattern === 'string' ? r.url.includes(pattern) : pattern.test(r.url)) &&
        (!method || r.method === method),
    );
  }

  /** A redacted, one-line-per-request dump for failure artifacts. */
  dump(): string {
    return this.requests
      .map(
        (r) =>
          `${r.method} ${r.status || r.failure || 'pending'} ${r.hasAuthorization ? 'auth' : '-'} ${r.resourceType} ${redact(r.url)}`,
      )
      .join('\n');
  }

  private watch(page: Page): void {
    if (this.pages.includes(page)) return;
    this.pages.push(page);
    const pageIndex = this.pages.length - 1;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.navigations.push({ url: frame.url(), pageIndex, at: Date.now() });
    });
  }

  private onRequest(req: Request): void {
    const raw = req.headers();
    const hasAuthorization = Object.keys(raw).some((h) => h.toLowerCase() === 'authorization');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw))
      headers[k] = k.toLowerCase() === 'authorization' ? '<present>' : v;
    let pageUrl = '';
    let page: Page | undefined;
    try {
      pageUrl = req.frame().url();
      page = req.frame().page();
    } catch {
      pageUrl = '(worker)';
    }
    const entry: RecordedRequest = {
      method: req.method(),
      url: req.url(),
      resourceType: req.resourceType(),
      status: 0,
      at: Date.now(),
      headers,
      hasAuthorization,
      pageUrl,
      page,
      postData: req.postData() ?? undefined,
    };
    this.byRequest.set(req, entry);
    this.requests.push(entry);
  }

  private onFailed(req: Request): void {
    const entry = this.byRequest.get(req);
    if (!entry) return;
    entry.failure = req.failure()?.errorText ?? 'failed';
    entry.answeredAt = Date.now();
  }
}

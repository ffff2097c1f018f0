import type { EndpointPolicy } from './EndpointPolicy';
import { jerseySafeMediaType } from './jerseySafeMediaType';

/** Where the guard gets tokens from (the session). */
export interface TokenProvider {
  currentToken(): string | undefined;
  /** Resolves to a usable token, refreshing first if needed; rejects when none can be had. */
  freshToken(): Promise<string>;
  /** Every token this page ever held, so none of them leaks to another origin. */
  isOurs(authorizationHeader: string): boolean;
  /** Refresh after a 401 (single-flight); resolves to the new token. */
  refreshAfter401(): Promise<string>;
}

const MEDIA_TYPE_HEADERS = ['accept', 'content-type'];

type Win = { XMLHttpRequest: typeof XMLHttpRequest; fetch: typeof fetch; location: { href: string } };

interface GuardedXhr extends XMLHttpRequest {
  __kheopsUrl?: string;
  __kheopsAuth?: string;
  __kheopsAsync?: boolean;
  __kheopsAborted?: boolean;
}

/**
 * One choke point for every request the page makes (XMLHttpRequest: dicomweb-client and the image loader;
 * fetch: thumbnails, rendered/PDF, others). At send time it puts the current bearer on requests to the
 * DICOMweb endpoint — replacing whatever OHIF's hooks captured earlier, so a stale header cannot survive —
 * and strips our token from any request to anywhere else. Media-type headers to the endpoint are rewritten to
 * the form KHEOPS's Jersey parses (jerseySafeMediaType).
 */
export function installRequestGuard(win: Win, policy: EndpointPolicy, tokens: TokenProvider): () => void {
  const proto = win.XMLHttpRequest.prototype;
  const { open, setRequestHeader, send, abort } = proto;
  const originalFetch = win.fetch;

  proto.open = function (
    this: GuardedXhr,
    method: string,
    url: string | URL,
    async?: boolean,
    ...rest: unknown[]
  ) {
    this.__kheopsUrl = new URL(String(url), win.location.href).href;
    this.__kheopsAuth = undefined;
    this.__kheopsAborted = false;
    this.__kheopsAsync = async !== false;
    return (open as (...a: unknown[]) => void).call(this, method, url, async ?? true, ...rest);
  } as typeof proto.open;

  proto.setRequestHeader = function (this: GuardedXhr, name: string, value: string) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      this.__kheopsAuth = value; // decided at send time
      return;
    }
    const toKheops = MEDIA_TYPE_HEADERS.includes(lower) && policy.covers(this.__kheopsUrl ?? '');
    setRequestHeader.call(this, name, toKheops ? jerseySafeMediaType(value) : value);
  };

  proto.abort = function (this: GuardedXhr) {
    this.__kheopsAborted = true;
    abort.call(this);
  };

  proto.send = function (this: GuardedXhr, body?: Document | XMLHttpRequestBodyInit | null) {
    const url = this.__kheopsUrl ?? '';
    if (!policy.covers(url)) {
      if (this.__kheopsAuth && !tokens.isOurs(this.__kheopsAuth))
        setRequestHeader.call(this, 'Authorization', this.__kheopsAuth);
      return send.call(this, body);
    }
    const now = tokens.currentToken();
    if (now || !this.__kheopsAsync) {
      if (now) setRequestHeader.call(this, 'Authorization', `Bearer ${now}`);
      return send.call(this, body);
    }
    tokens.freshToken().then(
      (t) => {
        if (this.__kheopsAborted) return;
        setRequestHeader.call(this, 'Authorization', `Bearer ${t}`);
        send.call(this, body);
      },
      () => {
        // No valid token can be had: send nothing secret; KHEOPS answers 401 and the caller sees it.
        if (!this.__kheopsAborted) send.call(this, body);
      },
    );
  };

  win.fetch = async function guardedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : String(input), win.location.href).href;
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const auth = headers.get('Authorization');
    if (!policy.covers(url)) {
      if (auth && tokens.isOurs(auth)) headers.delete('Authorization');
      return originalFetch.call(win, input, { ...init, headers });
    }
    for (const name of MEDIA_TYPE_HEADERS) {
      const v = headers.get(name);
      if (v) headers.set(name, jerseySafeMediaType(v));
    }
    const withToken = (t: string | undefined) => {
      if (t) headers.set('Authorization', `Bearer ${t}`);
      else headers.delete('Authorization');
      // It carries our token: a redirect, even one KHEOPS answers, would take the URL (study, series and instance
      // UIDs) to its target. XMLHttpRequest cannot be told so; the deployer's CSP connect-src covers it there.
      return originalFetch.call(win, input, { ...init, headers, redirect: 'error' });
    };
    const first = await withToken(await tokens.freshToken().catch(() => undefined));
    const replayable =
      !init?.body ||
      typeof init.body === 'string' ||
      init.body instanceof ArrayBuffer ||
      init.body instanceof Blob;
    if (first.status !== 401 || !replayable || input instanceof Request) return first;
    const renewed = await tokens.refreshAfter401().catch(() => undefined);
    return renewed ? withToken(renewed) : first;
  } as typeof fetch;

  return () => {
    Object.assign(proto, { open, setRequestHeader, send, abort });
    win.fetch = originalFetch;
  };
}

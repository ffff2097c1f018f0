import { ConsoleLogger, type Logger } from '../logger';
import { SessionExpiredError } from '../session/TokenSet';
import { answerXhr, heldResponse, type HeldAnswers } from './answerFromMemory';
import type { EndpointPolicy } from './EndpointPolicy';
import { jerseySafeMediaType } from './jerseySafeMediaType';

/** Where the guard gets tokens from (the session). */
export interface TokenProvider {
  /** For XMLHttpRequest, which cannot go through fetch: the current token, set at send time. */
  currentToken(): string | undefined;
  /** Resolves to a usable token, refreshing first if needed; rejects when none can be had. */
  freshToken(): Promise<string>;
  /** Every token this page ever held, so none of them leaks to another origin. */
  isOurs(authorizationHeader: string): boolean;
  /** The one authorized request (Session.request), sent with `via`; rejects with SessionExpiredError without a token. */
  request(
    url: string,
    init: RequestInit,
    via: (url: string, init: RequestInit) => Promise<Response>,
  ): Promise<Response>;
}

const MEDIA_TYPE_HEADERS = ['accept', 'content-type'];

type Win = { XMLHttpRequest: typeof XMLHttpRequest; fetch: typeof fetch; location: { href: string } };

interface GuardedXhr extends XMLHttpRequest {
  __kheopsUrl?: string;
  __kheopsCovered?: boolean;
  /** Set when the guard refused the request: the origin it would have gone to. */
  __kheopsRefused?: string;
  __kheopsAuth?: string;
  __kheopsAsync?: boolean;
  __kheopsAborted?: boolean;
  __kheopsGet?: boolean;
  /** The Accept header as sent to KHEOPS. */
  __kheopsAccept?: string;
}

/**
 * One choke point for every request the page makes (XMLHttpRequest: dicomweb-client and the image loader;
 * fetch: thumbnails, rendered/PDF, others). Fetches to the DICOMweb endpoint go through the session's one
 * authorized request; an XMLHttpRequest gets the current bearer at send time — replacing whatever OHIF's hooks
 * captured earlier, so a stale header cannot survive. Our token is stripped from any request to anywhere else. Media-type headers to the endpoint are rewritten to
 * the form KHEOPS's Jersey parses (jerseySafeMediaType).
 */
export function installRequestGuard(
  win: Win,
  policy: EndpointPolicy,
  tokens: TokenProvider,
  log: Logger = new ConsoleLogger(false),
  /** What the launch asked for in advance (LaunchPrefetch): OHIF's identical GETs are answered from it. */
  held?: HeldAnswers,
): () => void {
  const proto = win.XMLHttpRequest.prototype;
  const { open, setRequestHeader, send, abort } = proto;
  const originalFetch = win.fetch;
  const logged = new Set<string>();
  const refusal = (origin: string) => {
    if (!logged.has(origin)) {
      logged.add(origin);
      // The origin only: no token (none is ever attached) and no path (it carries the UIDs).
      log.warn(
        `refused a DICOMweb request to ${origin}, which is not the DICOMweb endpoint's origin (hostile or misconfigured metadata?). Further refusals to it are not logged.`,
      );
    }
    return `The KHEOPS extension refused a DICOMweb request to ${origin} (not the DICOMweb endpoint).`;
  };

  proto.open = function (
    this: GuardedXhr,
    method: string,
    url: string | URL,
    async?: boolean,
    ...rest: unknown[]
  ) {
    const route = policy.route(String(url), win.location.href);
    this.__kheopsUrl = route.action === 'send' ? route.url : undefined;
    this.__kheopsCovered = route.action === 'send' && route.covered;
    this.__kheopsRefused = route.action === 'refuse' ? route.origin : undefined;
    this.__kheopsAuth = undefined;
    this.__kheopsAborted = false;
    this.__kheopsAsync = async !== false;
    this.__kheopsGet = method.toUpperCase() === 'GET';
    this.__kheopsAccept = undefined;
    // A refused request is opened as asked (so headers and handlers can be set as usual) but never sent.
    const target = route.action === 'send' && route.covered ? route.url : url;
    return (open as (...a: unknown[]) => void).call(this, method, target, async ?? true, ...rest);
  } as typeof proto.open;

  proto.setRequestHeader = function (this: GuardedXhr, name: string, value: string) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      this.__kheopsAuth = value; // decided at send time
      return;
    }
    const toKheops = MEDIA_TYPE_HEADERS.includes(lower) && this.__kheopsCovered === true;
    const sent = toKheops ? jerseySafeMediaType(value) : value;
    // Headers set twice are combined, as XMLHttpRequest sends them (OHIF 3.11 sets dicomweb-client's Accept, then
    // its own WADO Accept from the client's user headers).
    if (lower === 'accept')
      this.__kheopsAccept = this.__kheopsAccept ? `${this.__kheopsAccept}, ${sent}` : sent;
    setRequestHeader.call(this, name, sent);
  };

  proto.abort = function (this: GuardedXhr) {
    this.__kheopsAborted = true;
    abort.call(this);
  };

  proto.send = function (this: GuardedXhr, body?: Document | XMLHttpRequestBodyInit | null) {
    if (this.__kheopsRefused !== undefined) return failLikeTheNetwork(this, refusal(this.__kheopsRefused));
    if (!this.__kheopsCovered) {
      if (this.__kheopsAuth && !tokens.isOurs(this.__kheopsAuth))
        setRequestHeader.call(this, 'Authorization', this.__kheopsAuth);
      return send.call(this, body);
    }
    const answer =
      this.__kheopsGet && this.__kheopsAsync ? held?.take(this.__kheopsUrl!, this.__kheopsAccept) : undefined;
    if (!answer) return sendWithToken(this, body);
    void answer.then((a) => {
      if (this.__kheopsAborted) return;
      if (!a || !answerXhr(this, a, this.__kheopsUrl!)) sendWithToken(this, body);
    });
  };

  const sendWithToken = (xhr: GuardedXhr, body?: Document | XMLHttpRequestBodyInit | null) => {
    const now = tokens.currentToken();
    if (now || !xhr.__kheopsAsync) {
      if (now) setRequestHeader.call(xhr, 'Authorization', `Bearer ${now}`);
      return send.call(xhr, body);
    }
    tokens.freshToken().then(
      (t) => {
        if (xhr.__kheopsAborted) return;
        setRequestHeader.call(xhr, 'Authorization', `Bearer ${t}`);
        send.call(xhr, body);
      },
      () => {
        // No valid token can be had: send nothing secret; KHEOPS answers 401 and the caller sees it.
        if (!xhr.__kheopsAborted) send.call(xhr, body);
      },
    );
  };

  win.fetch = async function guardedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const route = policy.route(input instanceof Request ? input.url : String(input), win.location.href);
    if (route.action === 'refuse') throw new TypeError(refusal(route.origin));
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const auth = headers.get('Authorization');
    if (!route.covered) {
      if (auth && tokens.isOurs(auth)) headers.delete('Authorization');
      return originalFetch.call(win, input, { ...init, headers });
    }
    for (const name of MEDIA_TYPE_HEADERS) {
      const v = headers.get(name);
      if (v) headers.set(name, jerseySafeMediaType(v));
    }
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const answer = method === 'GET' ? held?.take(route.url, headers.get('accept')) : undefined;
    const a = answer && (await answer);
    if (a) return heldResponse(a);
    // Re-rooted under the endpoint (a relative /studies/… resolved against the viewer page): sent there. A Request
    // is taken apart so that the session can replay it after a 401.
    const asked = input instanceof Request ? await requestInit(input) : {};
    const send = (url: string, sendInit: RequestInit) => originalFetch.call(win, url, sendInit);
    return tokens.request(route.url, { ...asked, ...init, headers }, send).catch((err: unknown) => {
      if (!(err instanceof SessionExpiredError)) throw err;
      // No valid token can be had: send nothing secret; KHEOPS answers 401 and the caller sees it.
      headers.delete('Authorization');
      return send(route.url, { ...asked, ...init, headers, credentials: 'omit', redirect: 'error' });
    });
  } as typeof fetch;

  return () => {
    Object.assign(proto, { open, setRequestHeader, send, abort });
    win.fetch = originalFetch;
  };
}

/** What a Request carries besides its URL and headers, with the body read so it can be sent twice. */
async function requestInit(r: Request): Promise<RequestInit> {
  const hasBody = r.method !== 'GET' && r.method !== 'HEAD';
  return {
    method: r.method,
    body: hasBody ? await r.clone().arrayBuffer() : undefined,
    signal: r.signal,
    cache: r.cache,
    integrity: r.integrity,
    keepalive: r.keepalive,
  };
}

/**
 * What a network failure looks like to the page: readyState 4, status 0, then readystatechange, error and loadend
 * (asynchronously); a synchronous request throws a NetworkError. The real send is never called.
 */
function failLikeTheNetwork(xhr: GuardedXhr, message: string): void {
  if (xhr.__kheopsAsync === false) throw new DOMException(message, 'NetworkError');
  setTimeout(() => {
    if (xhr.__kheopsAborted) return;
    for (const [name, value] of [
      ['readyState', 4],
      ['status', 0],
      ['statusText', ''],
      ['response', null],
      ['responseText', ''],
    ] as const)
      Object.defineProperty(xhr, name, { value, configurable: true });
    const progress = (type: string) =>
      typeof ProgressEvent === 'function'
        ? new ProgressEvent(type, { lengthComputable: false, loaded: 0, total: 0 })
        : new Event(type);
    xhr.dispatchEvent(new Event('readystatechange'));
    xhr.dispatchEvent(progress('error'));
    xhr.dispatchEvent(progress('loadend'));
  }, 0);
}

import type { HeldAnswer } from './LaunchPrefetch';

/** Answers OHIF's requests that the launch prefetch holds (LaunchPrefetch.take). */
export interface HeldAnswers {
  take(url: string, accept: string | null | undefined): Promise<HeldAnswer | undefined> | undefined;
}

/** A held answer as the Response a fetch would have given (its own copy of the body). */
export function heldResponse(a: HeldAnswer): Response {
  return new Response(a.body.slice(0), { status: a.status, statusText: a.statusText, headers: a.headers });
}

/**
 * Finishes an XMLHttpRequest with a held answer as the network would have: status, headers, the response in the
 * type the caller set, then readystatechange (DONE), progress, load and loadend. False when the caller wants a
 * response type this cannot give (it then sends the request itself).
 */
export function answerXhr(xhr: XMLHttpRequest, a: HeldAnswer, url: string): boolean {
  const type = xhr.responseType;
  const text = () => new TextDecoder().decode(a.body);
  let response: unknown;
  if (type === '' || type === 'text') response = text();
  else if (type === 'arraybuffer') response = a.body.slice(0);
  else if (type === 'json') {
    try {
      response = JSON.parse(text());
    } catch {
      response = null;
    }
  } else if (type === 'blob') {
    const contentType = a.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    response = new Blob([a.body], { type: contentType });
  } else return false;
  const headers = new Headers(a.headers);
  const all = [...headers].map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const props: Record<string, unknown> = {
    readyState: 4,
    status: a.status,
    statusText: a.statusText,
    response,
    responseURL: url,
    getResponseHeader: (name: string) => headers.get(name),
    getAllResponseHeaders: () => all,
  };
  if (type === '' || type === 'text') props.responseText = response;
  for (const [name, value] of Object.entries(props))
    Object.defineProperty(xhr, name, { value, configurable: true });
  const size = a.body.byteLength;
  const progress = (kind: string) =>
    typeof ProgressEvent === 'function'
      ? new ProgressEvent(kind, { lengthComputable: true, loaded: size, total: size })
      : new Event(kind);
  xhr.dispatchEvent(new Event('readystatechange'));
  xhr.dispatchEvent(progress('progress'));
  xhr.dispatchEvent(progress('load'));
  xhr.dispatchEvent(progress('loadend'));
  return true;
}

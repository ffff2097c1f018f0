import { Session, type AuthorizedRequest, type Transport } from '../session/Session';

/**
 * Test double: the authorized request of a session that holds `token` (valid for an hour, no refresh) and sends
 * through `transport`, so a check under test reaches the fake network only through the one choke point.
 */
export function sessionOver(transport: Transport, token = 'tok'): AuthorizedRequest {
  const session = new Session(
    { accessToken: token, expiresAt: Date.now() + 3_600_000 },
    null,
    undefined,
    transport,
  );
  return session.request.bind(session);
}

/** What a fake transport saw of one request. */
export interface Seen {
  url: string;
  init: RequestInit;
  auth: string | null;
}

/** A transport answering each request with `answer(url, init)`, recording what was sent. */
export function recordingTransport(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const transport: Transport = async (url, init) => {
    seen.push({ url, init, auth: new Headers(init.headers).get('Authorization') });
    return answer(url, init);
  };
  return { seen, transport };
}

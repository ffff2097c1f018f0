import crypto from 'node:crypto';
import { fetchThrough } from '../../src/testing/injectSandbox';
import type { SandboxInfo } from '../../src/testing/startSandbox';

// fetchThrough: an injected sandbox's URLs go to its app.inject(), others (a started sandbox) to the network.
const fetch = fetchThrough;

export type Fields = Array<[string, string]> | Record<string, string>;

export async function postForm(
  url: string,
  fields: Fields,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields as Record<string, string>).toString(),
  });
}

export async function userToken(sb: SandboxInfo): Promise<string> {
  const res = await fetch(`${sb.root}/sandbox/user-token`);
  if (!res.ok) throw new Error(`GET /sandbox/user-token: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** POST /api/albums/{album}/reportproviders as the demo admin; returns the raw response. */
export async function registerProvider(
  sb: SandboxInfo,
  token: string,
  url: string,
  name = 'test provider',
  album = 'demoAlbum0000000000001',
): Promise<Response> {
  return postForm(
    `${sb.api}/albums/${album}/reportproviders`,
    { url, name },
    { authorization: `Bearer ${token}` },
  );
}

/** The target of KHEOPS's `<meta http-equiv="refresh" content="0;URL='…'">` page (HTML entities decoded). */
export function metaRefreshTarget(html: string): string {
  const m = /<meta http-equiv="refresh" content="0;URL='([^']*)'"/.exec(html);
  if (!m) throw new Error(`no meta refresh in: ${html}`);
  return m[1]!
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** POST /api/report and follow the meta refresh: the URL the browser would land on. */
export async function launch(
  sb: SandboxInfo,
  token: string,
  clientId: string,
  studyUIDs: string[],
  extra: Fields = [],
): Promise<URL> {
  const fields: Array<[string, string]> = [
    ['access_token', token],
    ['client_id', clientId],
    ...studyUIDs.map((s): [string, string] => ['studyUID', s]),
    ['return_uri', 'ignored'],
    ...(Array.isArray(extra) ? extra : Object.entries(extra)),
  ];
  const res = await postForm(`${sb.api}/report`, fields);
  const html = await res.text();
  if (res.status !== 200) throw new Error(`POST /api/report: ${res.status} ${html}`);
  return new URL(metaRefreshTarget(html));
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

export async function json(res: Response): Promise<any> {
  return res.json();
}

// Nothing the probe prints may carry a token or a code: every known secret is replaced, and so is anything that
// looks like one (a JWT/JWE, a /link/{token}/ path segment, a secret-bearing parameter, a credential).

export const MASK = '***';

const SECRET_PARAMS = [
  'access_token',
  'subject_token',
  'refresh_token',
  'id_token',
  'code',
  'code_verifier',
  'login_hint',
  'client_assertion',
  'token',
];

export class Secrets {
  private readonly known = new Set<string>();

  /** Remembers a secret (and its URL-encoded form) so that it is masked wherever it turns up. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    this.known.add(secret);
    this.known.add(encodeURIComponent(secret));
  }

  mask(text: string): string {
    let out = text;
    for (const s of [...this.known].sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
    return maskPatterns(out);
  }
}

/** Masks what looks like a secret, whether or not it was registered. */
export function maskPatterns(text: string): string {
  const params = new RegExp(`([?&#\\s"]|^)(${SECRET_PARAMS.join('|')})=([^&\\s#"]+)`, 'g');
  return text
    .replace(/\/link\/[^/?#\s]+/g, `/link/${MASK}`)
    .replace(params, (_m, lead: string, name: string) => `${lead}${name}=${MASK}`)
    .replace(/\b(Bearer|Basic)\s+(?!\*\*\*)[A-Za-z0-9._~+/=-]{12,}/gi, `$1 ${MASK}`)
    .replace(/\beyJ[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*)+/g, MASK);
}

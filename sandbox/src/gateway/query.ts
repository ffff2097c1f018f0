/** The raw query string of a URL (without '?'), kept byte for byte so commas are not re-encoded. */
export function rawQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}

/** Drops the named parameters from a raw query string. */
export function withoutParams(query: string, names: string[]): string {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return query
    .split('&')
    .filter((p) => p !== '' && !drop.has(decodeURIComponent(p.split('=')[0]!).toLowerCase()))
    .join('&');
}

/** All values of one parameter (case-insensitive name). */
export function paramValues(query: string, name: string): string[] {
  const out: string[] = [];
  for (const p of query.split('&')) {
    const eq = p.indexOf('=');
    const key = decodeURIComponent((eq < 0 ? p : p.slice(0, eq)).replace(/\+/g, ' '));
    if (key.toLowerCase() === name.toLowerCase())
      out.push(eq < 0 ? '' : decodeURIComponent(p.slice(eq + 1).replace(/\+/g, ' ')));
  }
  return out;
}

// KHEOPS's services run on Jersey, which answers 400 to a media-type parameter whose unquoted value holds a
// separator — `type=application/octet-stream` (HttpHeaderReader, GrammarUtil.SEPARATORS; see
// docs/kheops-admin.md). OHIF writes that form when omitQuotationForMultipartRequest is true, and its image
// loader has such a default of its own; every header to KHEOPS is therefore rewritten to the quoted form.

const SEPARATORS = '()<>@,;:\\"/[]?={} \t';

function isToken(v: string): boolean {
  if (!v) return false;
  for (const c of v) {
    const code = c.charCodeAt(0);
    if (code <= 31 || code >= 127 || SEPARATORS.includes(c)) return false;
  }
  return true;
}

/** Splits on `sep` outside quoted strings. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted && c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function quoteParameter(param: string): string {
  const eq = param.indexOf('=');
  if (eq < 0) return param;
  const name = param.slice(0, eq).trim();
  const value = param.slice(eq + 1).trim();
  if (value.startsWith('"') || isToken(value)) return `${name}=${value}`;
  return `${name}="${value.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * The same Accept or Content-Type with every parameter value a token or a quoted string, e.g.
 * `multipart/related; type=application/octet-stream; transfer-syntax=*` →
 * `multipart/related; type="application/octet-stream"; transfer-syntax=*`. Headers already in that form come
 * back unchanged.
 */
export function jerseySafeMediaType(header: string): string {
  return splitOutsideQuotes(header, ',')
    .map((range) => {
      const [type, ...params] = splitOutsideQuotes(range, ';');
      const quoted = params.map(quoteParameter);
      if (quoted.every((p, i) => p === params[i]!.trim())) return range;
      const lead = /^\s*/.exec(range)![0];
      return lead + [type!.trim(), ...quoted].join('; ');
    })
    .join(',');
}

// The media-type grammar KHEOPS's JAX-RS services (Jersey 2.33: DICOMwebProxy/build.gradle,
// Authorization/build.gradle) apply to Accept and Content-Type before any KHEOPS code runs: Jersey's
// HttpHeaderReader reads a parameter value as a token or a quoted string, a token ends at the first separator
// (GrammarUtil.SEPARATORS), and the ParseException becomes a 400 during method selection
// (MethodSelectingRouter -> ServerRuntime). So `type=application/octet-stream` (unquoted, with a `/`) is refused,
// `type="application/octet-stream"` and `transfer-syntax=*` are fine.

export interface MediaType {
  type: string;
  subtype: string;
  /** Parameter names in lower case, values unquoted. */
  parameters: Record<string, string>;
}

export class HeaderParseError extends Error {}

const SEPARATORS = new Set('()<>@,;:\\"/[]?={} \t');

function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 31 && code < 127 && !SEPARATORS.has(c);
}

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  skipWhitespace(): void {
    while (this.i < this.s.length && (this.s[this.i] === ' ' || this.s[this.i] === '\t')) this.i++;
  }

  atEnd(): boolean {
    this.skipWhitespace();
    return this.i >= this.s.length;
  }

  peek(): string | undefined {
    this.skipWhitespace();
    return this.s[this.i];
  }

  expect(c: string): void {
    if (this.peek() !== c)
      throw new HeaderParseError(`Expected separator '${c}' instead of '${this.s[this.i] ?? 'end'}'`);
    this.i++;
  }

  token(): string {
    this.skipWhitespace();
    const start = this.i;
    while (this.i < this.s.length && isTokenChar(this.s[this.i]!)) this.i++;
    if (this.i === start) throw new HeaderParseError(`Expected a token at ${start}`);
    return this.s.slice(start, this.i);
  }

  quotedString(): string {
    this.expect('"');
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i++]!;
      if (c === '"') return out;
      if (c === '\\') {
        if (this.i >= this.s.length) break;
        out += this.s[this.i++];
      } else out += c;
    }
    throw new HeaderParseError('Unterminated quoted string');
  }

  value(): string {
    return this.peek() === '"' ? this.quotedString() : this.token();
  }
}

function readMediaType(r: Reader, subtypeOptional: boolean): MediaType {
  const type = r.token();
  // AcceptableMediaType takes a bare `*` (HttpURLConnection's default Accept has one); Content-Type does not.
  let subtype = '*';
  if (!subtypeOptional || r.peek() === '/') {
    r.expect('/');
    subtype = r.token();
  }
  const parameters: Record<string, string> = {};
  while (r.peek() === ';') {
    r.expect(';');
    if (r.atEnd() || r.peek() === ',') break;
    const name = r.token().toLowerCase();
    r.expect('=');
    parameters[name] = r.value();
  }
  return { type: type.toLowerCase(), subtype: subtype.toLowerCase(), parameters };
}

// Jersey's readQualityFactor: at most 1, at most three decimals.
const QUALITY = /^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/;

/** An Accept header as Jersey reads it (a comma-separated list, `q` checked); throws HeaderParseError. */
export function parseAccept(header: string): MediaType[] {
  const r = new Reader(header);
  const out: MediaType[] = [];
  if (r.atEnd()) return out;
  for (;;) {
    const m = readMediaType(r, true);
    const q = m.parameters.q;
    if (q !== undefined && !QUALITY.test(q)) throw new HeaderParseError(`Quality value ${q} is invalid`);
    out.push(m);
    if (r.atEnd()) return out;
    r.expect(',');
  }
}

/** A Content-Type header as Jersey reads it; throws HeaderParseError. */
export function parseContentType(header: string): MediaType {
  const r = new Reader(header);
  const m = readMediaType(r, false);
  if (!r.atEnd()) throw new HeaderParseError(`Unexpected '${r.peek()}' after the media type`);
  return m;
}

function quoteIfNeeded(v: string): string {
  return v.length > 0 && [...v].every(isTokenChar) ? v : `"${v.replace(/(["\\])/g, '\\$1')}"`;
}

/** Writes a media type back with every parameter value a token or a quoted string. */
export function formatMediaType(m: MediaType): string {
  const params = Object.entries(m.parameters).map(([k, v]) => `; ${k}=${quoteIfNeeded(v)}`);
  return `${m.type}/${m.subtype}${params.join('')}`;
}

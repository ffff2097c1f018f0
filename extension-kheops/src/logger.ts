/** What the extension tells the console. `debug` is silent unless the `debug` setting is on. */
export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

// Messages are scrubbed before they are written: a URL keeps only its origin (paths carry study UIDs), and
// anything shaped like a bearer token or a JWT is replaced.
const URL_PATTERN = /\b(https?:\/\/[^/?#\s"'<>,;)]+)((?:[/?#][^\s"'<>]*)?)/gi;
const BEARER = /\bBearer\s+\S+/gi;
const JWT = /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g;

export function scrub(message: string): string {
  return message
    .replace(BEARER, 'Bearer [token]')
    .replace(JWT, '[token]')
    .replace(URL_PATTERN, (_url, origin: string, rest: string) => (rest ? `${origin}/…` : origin));
}

export class ConsoleLogger implements Logger {
  constructor(
    private readonly enabled: boolean,
    private readonly sink: Pick<Console, 'debug' | 'warn'> = console,
  ) {}

  debug(message: string): void {
    if (this.enabled) this.sink.debug(`KHEOPS: ${scrub(message)}`);
  }

  warn(message: string): void {
    this.sink.warn(`KHEOPS: ${scrub(message)}`);
  }
}

/** Passes each distinct message on once (a setting read by two copies of the extension is reported once). */
export function once(log: (message: string) => void): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    log(message);
  };
}

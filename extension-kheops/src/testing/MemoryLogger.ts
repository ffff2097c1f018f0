import { scrub, type Logger } from '../logger';

/** Test double: a logger that keeps what it is told, scrubbed as the console logger would write it. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];

  debug(message: string): void {
    this.lines.push(`debug ${scrub(message)}`);
  }

  warn(message: string): void {
    this.lines.push(`warn ${scrub(message)}`);
  }
}

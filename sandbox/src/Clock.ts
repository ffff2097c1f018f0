/**
 * The sandbox's one notion of "now" for everything that expires: authorization codes, access, refresh and viewer
 * tokens, launch handles, album capabilities and the exp/iat/nbf checks of JWTs and client assertions.
 * Not on it: the fault windows of /sandbox/* (browsers live through them in real time) and the --external-op
 * issuer's tokens, whose exp is set by that server's own (real) clock.
 * In test mode a test moves it forward (POST /sandbox/clock, or `ctx.clock.advance()` with inject()) instead of
 * waiting for a lifetime to run out. It only ever runs ahead of real time, never backwards.
 */
export class Clock {
  private offsetMs = 0;

  /** Epoch milliseconds. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Epoch seconds, as JWT claims count. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** A Date for jose's `currentDate`. */
  date(): Date {
    return new Date(this.now());
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }

  /** How far ahead of real time the clock is. */
  get aheadMs(): number {
    return this.offsetMs;
  }
}

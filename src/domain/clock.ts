/** The injectable clock: code that needs "now" takes a Clock, so tests and replay control time. */

export interface Clock {
  /** Now, in epoch seconds. */
  now(): number;
}

/** The wall clock, for production edges only. */
export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };

/** A clock that stands still until moved: for tests and replay. */
export class ManualClock implements Clock {
  private t: number;
  constructor(startEpochSeconds: number) {
    this.t = startEpochSeconds;
  }
  now(): number {
    return this.t;
  }
  /** Moves time forward; it never goes back. */
  advance(seconds: number): void {
    if (seconds < 0) throw new RangeError('a clock does not go back');
    this.t += seconds;
  }
  set(epochSeconds: number): void {
    if (epochSeconds < this.t) throw new RangeError('a clock does not go back');
    this.t = epochSeconds;
  }
}

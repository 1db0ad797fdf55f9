/** Plays a day's events in simulated time: waits between them at a chosen speed and moves the clock along. */
import { type ManualClock, type MarshalEvent, parseEvent, toEpochSeconds } from '../domain/index.ts';

export interface PlayOptions {
  clock: ManualClock;
  /** Simulated seconds per real second: 60 plays an hour a minute; Infinity plays without waiting. */
  speed: number;
  /** Index of the first event to play (to resume). */
  from?: number;
  signal?: AbortSignal;
  onEvent(event: MarshalEvent, index: number): Promise<void> | void;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Plays `events` (in time order) until the end or the signal aborts; returns the index after the last played. */
export async function playDay(events: readonly unknown[], options: PlayOptions): Promise<number> {
  if (!(options.speed > 0)) throw new RangeError('speed must be more than zero');
  const sleep = options.sleep ?? abortableSleep;
  let i = options.from ?? 0;
  for (; i < events.length; i++) {
    if (options.signal?.aborted) break;
    const event = parseEvent(events[i]);
    const at = toEpochSeconds(event.time);
    const wait = at - options.clock.now();
    if (wait > 0 && Number.isFinite(options.speed)) await sleep((wait / options.speed) * 1000, options.signal);
    if (options.signal?.aborted) break;
    if (at > options.clock.now()) options.clock.set(at);
    await options.onEvent(event, i);
  }
  return i;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // The listener goes when the sleep ends: a day of events would otherwise leave one per sleep on the signal.
    const wake = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });
}

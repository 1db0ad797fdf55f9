/** Clock arithmetic for one operating day: everything is placed as seconds after 00:00 UTC of the date. */
import { HOUR, InputError, MINUTE, toIso } from '../../domain/index.ts';
import type { TimeWindow } from '../../domain/index.ts';

/** The operating day; `startEpoch` is 00:00 UTC of `date` in epoch seconds. */
export interface Day {
  readonly date: string;
  readonly startEpoch: number;
}

/** Epoch seconds of 00:00 UTC of `date` when it is a calendar date `YYYY-MM-DD` (not 2026-02-30), else undefined. */
export function calendarEpoch(date: string): number | undefined {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March, so the round trip catches impossible dates.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? undefined : ms / 1000;
}

/** The day starting at 00:00 UTC of `date` (YYYY-MM-DD); throws an InputError for an impossible date. */
export function dayOf(date: string): Day {
  const startEpoch = calendarEpoch(date);
  if (startEpoch === undefined) throw new InputError('invalid_input', [{ path: 'date', reason: `must be a calendar date YYYY-MM-DD, got '${date}'` }]);
  return { date, startEpoch };
}

/** Seconds after midnight of a clock time. */
export function hm(hours: number, minutes = 0): number {
  return hours * HOUR + minutes * MINUTE;
}

/** ISO timestamp of an offset in seconds from the day's midnight (it may run into the next day). */
export function isoAt(day: Day, offset: number): string {
  return toIso(day.startEpoch + Math.round(offset));
}

/** A window between two offsets from the day's midnight. */
export function windowAt(day: Day, start: number, end: number): TimeWindow {
  return { start: isoAt(day, start), end: isoAt(day, end) };
}

/** `HH:MM` of an offset, clamped to 00:00..23:59 because a TimeOfDay cannot say "tomorrow". */
export function clockOf(offset: number): string {
  const minutes = Math.min(Math.max(Math.floor(offset / MINUTE), 0), 24 * 60 - 1);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Seconds after midnight of an `HH:MM` text. */
export function offsetOfClock(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return hm(h ?? 0, m ?? 0);
}

/** Rounds an offset up to a multiple of `step` seconds (slots start on the half hour, not at 10:17:43). */
export function ceilTo(offset: number, step: number): number {
  return Math.ceil(offset / step) * step;
}

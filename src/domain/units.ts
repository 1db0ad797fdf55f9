/** Units of the whole system: integer minor money, metres, seconds, ISO-8601 UTC timestamps. */
import { z } from 'zod';

/** ISO 4217 code, upper case. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR');

/** An amount of money in integer minor units (cents), with its currency. */
export const Money = z.object({
  amountMinor: z.number().int('must be an integer number of minor units'),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

/** A non-negative amount of money. */
export const NonNegativeMoney = Money.extend({
  amountMinor: z.number().int('must be an integer number of minor units').nonnegative('must not be negative'),
});

/** A UTC timestamp such as `2026-11-23T08:00:00Z`; offsets are refused so that strings sort by time. */
export const IsoTimestamp = z.iso.datetime({ message: 'must be an ISO-8601 UTC timestamp ending in Z' });
export type IsoTimestamp = z.infer<typeof IsoTimestamp>;

/** Seconds, a non-negative integer. */
export const Seconds = z.number().int('must be whole seconds').nonnegative('must not be negative');
/** Metres, a non-negative integer. */
export const Metres = z.number().int('must be whole metres').nonnegative('must not be negative');

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;

/** Money from minor units. */
export function money(amountMinor: number, currency: string): Money {
  if (!Number.isInteger(amountMinor)) throw new RangeError(`amountMinor must be an integer, got ${amountMinor}`);
  return { amountMinor, currency };
}

/** Sum of amounts in one currency; refuses to mix currencies. */
export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new RangeError(`cannot add ${a.currency} to ${b.currency}`);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

/** Multiplies by a rate and rounds half away from zero to a whole minor unit. */
export function scaleMoney(a: Money, factor: number): Money {
  const raw = a.amountMinor * factor;
  return { amountMinor: Math.sign(raw) * Math.round(Math.abs(raw)), currency: a.currency };
}

/** `1234.56 EUR` style text for people; minor units assumed to be hundredths. */
export function formatMoney(a: Money): string {
  const sign = a.amountMinor < 0 ? '-' : '';
  const abs = Math.abs(a.amountMinor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${a.currency}`;
}

/**
 * Conversions remembered, both ways: a busy day converts the same few thousand windows, ready times and ETAs at every
 * event, and a lookup is a third of `Date.parse` and a twentieth of `toISOString`. Cleared when full.
 */
const REMEMBERED = 100_000;
const epochOf = new Map<string, number>();
const isoOf = new Map<number, string>();

/** Epoch seconds of an ISO timestamp. */
export function toEpochSeconds(iso: string): number {
  const known = epochOf.get(iso);
  if (known !== undefined) return known;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: ${iso}`);
  const seconds = Math.floor(ms / 1000);
  if (epochOf.size >= REMEMBERED) epochOf.clear();
  epochOf.set(iso, seconds);
  return seconds;
}

/** ISO-8601 UTC text (second precision) of epoch seconds. */
export function toIso(epochSeconds: number): string {
  const known = isoOf.get(epochSeconds);
  if (known !== undefined) return known;
  const iso = new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
  if (isoOf.size >= REMEMBERED) isoOf.clear();
  isoOf.set(epochSeconds, iso);
  return iso;
}

/** `1h05m` style text of a duration in seconds. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / HOUR);
  const m = Math.floor((seconds % HOUR) / MINUTE);
  const s = seconds % MINUTE;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return s ? `${m}m${String(s).padStart(2, '0')}s` : `${m}m`;
  return `${s}s`;
}

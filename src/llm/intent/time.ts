/** Dates and relative times in a message ("today", "this week", "after 3pm", "last 4 hours"), read against a given now, in UTC. */
import { toIso } from '../../domain/index.ts';

/** A span of time the message names, as ISO timestamps, with the words it came from. */
export interface Period {
  from: string;
  to: string;
  label: string;
}

const DAY = 86_400;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const startOfDay = (t: number) => t - (((t % DAY) + DAY) % DAY);

/** Seconds after midnight of a clock time: "3pm", "3 pm", "15:00", "15h", "noon", "midnight"; undefined when not one. */
function clockTime(text: string): number | undefined {
  if (text === 'noon' || text === 'midday') return 12 * 3600;
  if (text === 'midnight') return 0;
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?$/.exec(text.trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  const half = m[3]?.replaceAll('.', '');
  // A bare number ("after 3") is a clock time only with am/pm, a colon or h: "after 3" alone is too vague.
  if (!half && !m[2] && !m[3]) return undefined;
  if (half === 'pm' && hour < 12) hour += 12;
  if (half === 'am' && hour === 12) hour = 0;
  if (hour > 24 || minute > 59) return undefined;
  return hour * 3600 + minute * 60;
}

const TIME = String.raw`(noon|midday|midnight|\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h)?)`;

/** The period a normalised message names, if any; `now` in epoch seconds. */
export function periodOf(text: string, now: number): Period | undefined {
  const today = startOfDay(now);
  const span = (from: number, to: number, label: string): Period => ({ from: toIso(from), to: toIso(to), label });
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (iso) {
    const from = Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])) / 1000;
    if (Number.isFinite(from)) return span(from, from + DAY - 1, iso[0]);
  }
  const named = new RegExp(String.raw`\b(?:(\d{1,2})(?:st|nd|rd|th)? (${MONTHS.join('|')})[a-z]*|(${MONTHS.join('|')})[a-z]* (\d{1,2})(?:st|nd|rd|th)?)\b`).exec(text);
  if (named) {
    const dayNo = Number(named[1] ?? named[4]);
    const month = MONTHS.indexOf((named[2] ?? named[3])!);
    const year = new Date(now * 1000).getUTCFullYear();
    const from = Date.UTC(year, month, dayNo) / 1000;
    if (dayNo >= 1 && dayNo <= 31) return span(from, from + DAY - 1, named[0]);
  }
  const last = /\b(?:last|past|previous) (\d{1,3}|an?|one|two|three|four|six|twelve|twenty-four) ?(hours?|hrs?|h|days?|minutes?|mins?)\b/.exec(text)
    ?? /\b(?:last|past) (hour|day)\b/.exec(text);
  if (last) {
    const words: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, six: 6, twelve: 12, 'twenty-four': 24 };
    const n = last[2] ? (words[last[1]!] ?? Number(last[1])) : 1;
    const unit = last[2] ?? last[1]!;
    const seconds = unit.startsWith('d') ? DAY : unit.startsWith('m') ? 60 : 3600;
    return span(now - n * seconds, now, last[0]);
  }
  if (/\byesterday\b/.test(text)) return span(today - DAY, today - 1, 'yesterday');
  if (/\btomorrow\b/.test(text)) return span(today + DAY, today + 2 * DAY - 1, 'tomorrow');
  if (/\b(this|current) week\b|\bso far this week\b|\bweek to date\b|\bwtd\b/.test(text)) {
    const weekday = (new Date(today * 1000).getUTCDay() + 6) % 7; // Monday is day 0
    return span(today - weekday * DAY, now, 'this week');
  }
  if (/\blast week\b|\bprevious week\b/.test(text)) {
    const weekday = (new Date(today * 1000).getUTCDay() + 6) % 7;
    const monday = today - weekday * DAY;
    return span(monday - 7 * DAY, monday - 1, 'last week');
  }
  if (/\b(this|current) month\b|\bmonth to date\b|\bmtd\b/.test(text)) {
    const d = new Date(today * 1000);
    return span(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000, now, 'this month');
  }
  // Parts of the day include their last minute: a window ending at 18:00 ends "this afternoon".
  if (/\bthis morning\b/.test(text)) return span(today, today + 12 * 3600, 'this morning');
  if (/\bthis afternoon\b/.test(text)) return span(today + 12 * 3600, today + 18 * 3600, 'this afternoon');
  if (/\b(this evening|tonight)\b/.test(text)) return span(today + 18 * 3600, today + DAY - 1, 'this evening');
  if (/\b(today|todays|tday|2day|so far|right now|at the moment|currently)\b/.test(text)) return span(today, today + DAY - 1, 'today');
  return undefined;
}

/** "after 3pm" / "since 10:00" / "from 2pm" and "before noon" / "by 5pm" / "until 16:00", as ISO times of the day of `period` (or today). */
export function clockBoundsOf(text: string, now: number, period?: Period): { after?: string; before?: string } {
  const day = period ? startOfDay(Date.parse(period.from) / 1000) : startOfDay(now);
  const out: { after?: string; before?: string } = {};
  const after = new RegExp(String.raw`\b(?:after|since|from|later than|past) ${TIME}`).exec(text);
  const before = new RegExp(String.raw`\b(?:before|by|until|till|earlier than|up to) ${TIME}`).exec(text);
  const a = after ? clockTime(after[1]!) : undefined;
  const b = before ? clockTime(before[1]!) : undefined;
  if (a !== undefined) out.after = toIso(day + a);
  if (b !== undefined) out.before = toIso(day + b);
  return out;
}

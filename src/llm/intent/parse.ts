/**
 * The offline copilot's understanding of a message: which intent (scored from cue words, tolerant of order, case, plurals
 * and small misspellings) and the tool arguments its entities give. Deterministic: same message and now, same answer.
 * It never guesses an action: an acting intent needs its verb and its id in the message, or it asks for them.
 */
import { z } from 'zod';
import { ActionKind, toIso } from '../../domain/index.ts';
import { ACTING_INTENTS, CUES, type Cue, IntentName } from './cues.ts';
import { entitiesOf, type Entities, type Lexicon } from './entities.ts';
import { inflects, matchesWord, misspells, normalize, words } from './text.ts';
import { clockBoundsOf, periodOf, type Period } from './time.ts';

/** What the parser made of a message: a tool call, a question back (something is missing), help, or nothing it knows. */
export const Parsed = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('call'), intent: IntentName, args: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('clarify'), intent: IntentName, missing: z.string().min(1) }),
  z.object({ kind: z.literal('help') }),
  z.object({ kind: z.literal('unknown') }),
]);
export type Parsed = z.infer<typeof Parsed>;

export interface ParseContext {
  /** Now, in epoch seconds (the injectable clock's). */
  now: number;
  lexicon: Lexicon;
}

/** A message opening like this asks about the state of things: its verbs describe, they do not command. */
const QUESTION = /^(how|what|what's|which|did|does|do|was|were|has|have|is|are|who|when|where|why|any|anything)\b/;

/** Below this score a message is not understood. */
const MIN_SCORE = 2;

// Spelling variants of the acting verbs, joined before matching so "re-plan" and "re plan" are the one word "replan".
const JOINS: [RegExp, string][] = [
  [/\bre[- ]?(plan|route|tender|optimi[sz]e|assign|sequence|book|distribute|shuffle)(s|ed|ing)?\b/g, 're$1$2'],
  [/\bk\.?p\.?i\.?s\b/g, 'kpis'],
  [/\bwhats\b/g, "what's"],
];

/** Every cue word: a word that is itself one of them is never read as a misspelling of another ("status" is not "stats"). */
const VOCABULARY: ReadonlySet<string> = new Set(Object.values(CUES).flatMap((cues) => cues.flatMap((c) => c.all)));

function wordIs(word: string, keyword: string, verb: boolean): boolean {
  if (inflects(word, keyword)) return true;
  if (VOCABULARY.has(word)) return false;
  // Acting verbs tolerate only a near miss: "tender" must never read as "retender".
  return verb ? misspells(word, keyword) : matchesWord(word, keyword);
}

function phraseIn(ws: readonly string[], cue: Cue): boolean {
  const n = cue.all.length;
  for (let i = 0; i + n <= ws.length; i++) {
    if (cue.all.every((k, j) => wordIs(ws[i + j]!, k, cue.verb === true))) return true;
  }
  return false;
}

interface Score {
  intent: IntentName | 'help';
  score: number;
  verb: boolean;
}

function scoreAll(ws: readonly string[], e: Entities): Score[] {
  const scores = (Object.keys(CUES) as (IntentName | 'help')[]).map((intent) => {
    let score = 0;
    let verb = false;
    for (const cue of CUES[intent]) {
      if (!phraseIn(ws, cue)) continue;
      score += cue.weight;
      if (cue.verb) verb = true;
    }
    return { intent, score, verb };
  });
  const add = (intent: IntentName, points: number) => {
    const s = scores.find((x) => x.intent === intent);
    if (s && s.score > 0) s.score += points;
  };
  const boost = (intent: IntentName, points: number) => {
    scores.find((x) => x.intent === intent)!.score += points;
  };
  // Ids say what the message is about; they lift the intents that take them.
  if (e.orderIds.length + e.shipmentIds.length > 0) {
    boost('order_status', 2);
    add('explain_decision', 2);
    add('request_retender', 2);
  }
  if (e.vehicleIds.length > 0) {
    boost('fleet_status', 3);
    add('request_replan', 2);
    add('explain_decision', 2);
  }
  if (e.decisionIds.length > 0) boost('explain_decision', 4);
  if (e.reviewIds.length > 0) {
    boost('pending_reviews', 2);
    add('decide_review', 3);
    add('explain_decision', -2);
  }
  if (e.carrierIds.length > 0) {
    boost('carrier_performance', 2);
    add('request_retender', 1);
  }
  if (e.tier || e.depotIds.length > 0) add('orders_at_risk', 1);
  // "Why" asks for a reason whatever else the message names ("veh-005 broke down: why were its stops moved?").
  if (/\b(why|how come)\b/.test(ws.join(' '))) add('explain_decision', 2);
  // An acting verb is the clearest signal a message can give ("approve", "re-plan"): it outweighs the nouns around it,
  // unless the message asks why: "why did we tender it?" is a question about the past, never a request.
  const asksWhy = scores.find((x) => x.intent === 'explain_decision')!.score >= 3 && /\b(why|how come|explain|reason)\b/.test(ws.join(' '));
  // So is a question about what is or was ("did Koerier reject...", "do I have anything to approve?"); a polite
  // request ("can you re-route...", "could you approve...") is still a request.
  const asksAbout = QUESTION.test(ws.join(' '));
  for (const s of scores) {
    if (s.verb && (asksWhy || asksAbout)) s.verb = false;
    else if (s.verb) s.score += 4;
  }
  return scores;
}

// Fixed order for ties: reading before acting, the specific before the general.
const ORDER: readonly (IntentName | 'help')[] = [
  'decide_review', 'request_replan', 'request_retender', 'explain_decision', 'orders_at_risk', 'order_status', 'pending_reviews',
  'carrier_performance', 'kpis', 'fleet_status', 'sop_lookup', 'help',
];

/** Understands one user message. */
export function parseMessage(message: string, ctx: ParseContext): Parsed {
  let text = normalize(message);
  for (const [re, to] of JOINS) text = text.replace(re, to);
  if (text.length === 0) return { kind: 'help' };
  // Ids are entities, not words: "tender shp-ord-000088 again" reads "tender again".
  const ws = words(text.replace(/\b(?:shp|ord|veh|rev|dec|car|dc)-[a-z0-9-]+/g, ' '));
  const e = entitiesOf(text, ctx.lexicon);
  const scores = scoreAll(ws, e)
    // An acting intent needs its own verb: a review id alone ("rev-3?") is a question about it, not an approval.
    .filter((s) => s.intent === 'help' || !ACTING_INTENTS.has(s.intent) || s.verb)
    .sort((a, b) => b.score - a.score || ORDER.indexOf(a.intent) - ORDER.indexOf(b.intent));
  const best = scores[0];
  if (!best || best.score < MIN_SCORE) return { kind: 'unknown' };
  if (best.intent === 'help') return { kind: 'help' };
  return argsFor(best.intent, text, message, ws, e, ctx);
}

const has = (ws: readonly string[], ...keys: string[]) => keys.some((k) => ws.some((w) => matchesWord(w, k)));

/** Why the user wants an action, from "because ..." / "reason: ..." in their own words. */
function reasonOf(original: string): string | undefined {
  const m = /\b(?:because(?: of)?|reason:?|due to|since)\s+(?!\d)(.{3,})$/i.exec(original.replace(/[\u0000-\u001f]/g, ' '));
  return m ? m[1]!.trim().replace(/[.?!]+$/, '').slice(0, 500) : undefined;
}

const KIND_WORDS: [ActionKind, string[]][] = [
  ['order.hold', ['hold', 'held', 'holding']], ['order.split', ['split', 'splitting']], ['order.backorder', ['backorder', 'backordered']],
  ['order.release', ['release', 'released']], ['order.substitute', ['substitute', 'substituted', 'substitution']],
  ['carrier.tender', ['tender', 'tendered', 'carrier']], ['route.replan', ['replan', 'replanned', 'reroute', 'rerouted']],
  ['route.assign', ['assign', 'assigned', 'assignment']], ['dock.assign', ['dock', 'door']], ['load.sequence', ['loading', 'sequence']],
  ['customer.notify', ['notify', 'notified', 'notice', 'message', 'messaged']], ['delivery.reschedule', ['reschedule', 'rescheduled']],
  ['invoice.dispute', ['dispute', 'disputed']], ['return.expect', ['return', 'returned']],
];

function kindOf(ws: readonly string[]): ActionKind | undefined {
  return KIND_WORDS.find(([, keys]) => keys.some((k) => ws.some((w) => inflects(w, k))))?.[0];
}

function periodArgs(period: Period | undefined): Record<string, string> {
  return period ? { from: period.from, to: period.to } : {};
}

function argsFor(intent: IntentName, text: string, original: string, ws: readonly string[], e: Entities, ctx: ParseContext): Parsed {
  const call = (args: Record<string, unknown>): Parsed => ({ kind: 'call', intent, args });
  const clarify = (missing: string): Parsed => ({ kind: 'clarify', intent, missing });
  const period = periodOf(text, ctx.now);
  const limit = e.count !== undefined ? { limit: e.count } : {};
  switch (intent) {
    case 'orders_at_risk': {
      const bounds = clockBoundsOf(text, ctx.now, period);
      const day = period && period.label !== 'today' ? periodArgs(period) : {};
      return call({
        ...day, ...bounds, ...(e.depotIds[0] ? { depotId: e.depotIds[0] } : {}), ...(e.tier ? { tier: e.tier } : {}), ...limit,
      });
    }
    case 'order_status':
      if (e.orderIds[0]) return call({ orderId: e.orderIds[0] });
      if (e.shipmentIds[0]) return call({ shipmentId: e.shipmentIds[0] });
      return clarify('the order id (e.g. ord-000012) or shipment id (e.g. shp-ord-000012)');
    case 'fleet_status': {
      const status = has(ws, 'down', 'broken', 'breakdown') ? 'down'
        : has(ws, 'maintenance') ? 'maintenance'
          : has(ws, 'available', 'idle', 'free', 'spare') ? 'available'
            : /\b(in service|on the road|driving|out on)\b/.test(text) ? 'in_service' : undefined;
      // Asked about one vehicle, its status is the answer, not a filter that could hide it.
      if (e.vehicleIds[0]) return call({ vehicleId: e.vehicleIds[0] });
      return call({ ...(e.depotIds[0] ? { depotId: e.depotIds[0] } : {}), ...(status ? { status } : {}) });
    }
    case 'explain_decision': {
      const kind = kindOf(ws);
      const about = e.decisionIds[0] ? { decisionId: e.decisionIds[0] }
        : e.shipmentIds[0] ? { shipmentId: e.shipmentIds[0] }
          : e.orderIds[0] ? { orderId: e.orderIds[0] }
            : e.vehicleIds[0] ? { vehicleId: e.vehicleIds[0] } : undefined;
      if (!about && !kind) return clarify('the decision id (e.g. dec-00000042), or the order, shipment or vehicle it was about');
      return call({ ...about, ...(kind && !e.decisionIds[0] ? { kind } : {}) });
    }
    case 'carrier_performance':
      // Two carriers named is a comparison: all of them, side by side.
      return call({ ...(e.carrierIds.length === 1 ? { carrierId: e.carrierIds[0] } : {}), ...periodArgs(period) });
    case 'kpis': {
      const p = period ?? periodOf('today', ctx.now)!;
      return call({ from: p.from, to: p.to > toIso(ctx.now) ? toIso(ctx.now) : p.to, ...(e.depotIds[0] ? { depotId: e.depotIds[0] } : {}) });
    }
    case 'pending_reviews': {
      const role = has(ws, 'finance') ? 'finance' : has(ws, 'admin') ? 'admin' : has(ws, 'dispatcher', 'dispatch') ? 'dispatcher' : undefined;
      const kind = kindOf(ws.filter((w) => w !== 'carrier'));
      return call({ ...(kind ? { kind } : {}), ...(role ? { role } : {}), ...limit });
    }
    case 'decide_review': {
      const verdict = has(ws, 'reject', 'decline', 'deny') || /\bturn down\b/.test(text) ? 'reject' : 'approve';
      if (e.reviewIds.length === 0) {
        return clarify(/\b(all|every|everything|each)\b/.test(text)
          ? `one review id: I ${verdict} reviews one at a time, each by its id (e.g. rev-00000003), never all at once`
          : `the id of the review to ${verdict} (e.g. rev-00000003)`);
      }
      if (e.reviewIds.length > 1) return clarify(`one review id at a time: you named ${e.reviewIds.join(', ')}`);
      return call({ reviewId: e.reviewIds[0], verdict, reason: reasonOf(original) ?? `${verdict === 'approve' ? 'approved' : 'rejected'} in chat` });
    }
    case 'request_replan':
      if (!e.vehicleIds[0]) return clarify('the vehicle whose route to re-plan (e.g. veh-005)');
      return call({ vehicleId: e.vehicleIds[0], reason: reasonOf(original) ?? 're-plan asked for in chat' });
    case 'request_retender': {
      const target = e.shipmentIds[0] ? { shipmentId: e.shipmentIds[0] } : e.orderIds[0] ? { orderId: e.orderIds[0] } : undefined;
      if (!target) return clarify('the shipment (e.g. shp-ord-000012) or order to re-tender');
      return call({ ...target, ...(e.carrierIds[0] ? { carrierId: e.carrierIds[0] } : {}), reason: reasonOf(original) ?? 're-tender asked for in chat' });
    }
    case 'sop_lookup': {
      const precedent = /\b(last time|precedent|previously|before|what did we do|how did we (handle|deal)|past cases?|earlier)\b/.test(text);
      return call({ query: original.replace(/[\u0000-\u001f]/g, ' ').trim().slice(0, 500), includeDecisions: precedent });
    }
  }
}

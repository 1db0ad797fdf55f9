/**
 * The guard on acting tool calls, whoever proposed them (the offline rules or a language model): an act must name only
 * ids the user wrote in their own latest message, agree with the verb they used, and come one per message. So text a
 * tool returned (an order note, a customer message, an SOP) can never turn into an approval or a request.
 */
import { entitiesOf, type Lexicon, normalize, words, matchesWord } from '../../llm/intent/index.ts';

/** A refusal says why, for the model or the user to read; undefined lets the call run. */
export type GuardVerdict = { allow: true } | { allow: false; reason: string };

const ID_ARGS = ['reviewId', 'vehicleId', 'shipmentId', 'orderId', 'carrierId'] as const;
const APPROVE = ['approve', 'accept', 'greenlight', 'signoff'];
const REJECT = ['reject', 'decline', 'deny'];

/** Checks one acting call against the user's latest message; `actsSoFar` counts acts already allowed in this turn. */
export function guardAct(call: { name: string; args: Record<string, unknown> }, userText: string, lexicon: Lexicon, actsSoFar: number): GuardVerdict {
  if (actsSoFar > 0) return { allow: false, reason: 'one act per message: ask again for the next one' };
  const text = normalize(userText);
  const named = entitiesOf(text, lexicon);
  const mentioned = new Set([...named.reviewIds, ...named.vehicleIds, ...named.shipmentIds, ...named.orderIds, ...named.carrierIds]);
  for (const key of ID_ARGS) {
    const value = call.args[key];
    if (typeof value === 'string' && !mentioned.has(value)) {
      return { allow: false, reason: `${key} ${value} is not named in your own message; I act only on ids you name yourself` };
    }
  }
  if (call.name === 'decide_review') {
    const ws = words(text);
    const says = (keys: string[]) => ws.some((w) => keys.some((k) => matchesWord(w, k)));
    const approve = says(APPROVE) || /\b(sign(ed|ing)? off|go ahead)\b/.test(text);
    const reject = says(REJECT) || /\bturn(ed)? down\b/.test(text);
    if (call.args.verdict === 'approve' && reject && !approve) return { allow: false, reason: 'you asked to reject, not approve' };
    if (call.args.verdict === 'reject' && approve && !reject) return { allow: false, reason: 'you asked to approve, not reject' };
    if (!approve && !reject) return { allow: false, reason: 'your message does not say approve or reject' };
  }
  return { allow: true };
}

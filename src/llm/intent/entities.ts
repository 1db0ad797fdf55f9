/** Entities in a message: ids as the sandbox writes them (or short forms), known carrier and depot names, SLA tiers, numbers. */
import type { SlaTier } from '../../domain/index.ts';
import { matchesWord, words } from './text.ts';

/** Names the parser can recognise besides ids: carriers and depots of the tenant, each with its id. */
export interface Lexicon {
  carriers: readonly { id: string; name: string }[];
  depots: readonly { id: string; name: string }[];
  /** The tenant's vehicle ids, recognised as written even when they do not look like the sandbox's `veh-001`. */
  vehicleIds?: readonly string[];
}

/** What the message names; lists keep the order of first mention, without repeats. */
export interface Entities {
  orderIds: string[];
  shipmentIds: string[];
  vehicleIds: string[];
  carrierIds: string[];
  depotIds: string[];
  reviewIds: string[];
  decisionIds: string[];
  tier?: SlaTier;
  /** A count the message asks for: "top 5", "10 orders". */
  count?: number;
}

// Digits the sandbox pads each id to, so "order 12" finds ord-000012.
const pad = (digits: string, width: number) => digits.replace(/^0+(?=\d)/, '').padStart(width, '0');
const push = (list: string[], id: string) => {
  if (!list.includes(id)) list.push(id);
};

const TIERS: [SlaTier, string[]][] = [
  ['critical', ['critical', 'urgent', 'crit', 'p1', 'rush']],
  ['priority', ['priority', 'prio', 'express', 'p2']],
  ['standard', ['standard', 'normal', 'regular', 'p3']],
  ['economy', ['economy', 'eco', 'budget', 'p4']],
];

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20 };

/** The entities of a normalised message. */
export function entitiesOf(text: string, lexicon: Lexicon): Entities {
  const e: Entities = { orderIds: [], shipmentIds: [], vehicleIds: [], carrierIds: [], depotIds: [], reviewIds: [], decisionIds: [] };
  // Shipments first: shp-ord-000087 holds an order id that must not count as a second entity.
  for (const m of text.matchAll(/\bshp-([a-z]+-)?(\d{1,9})\b/g)) push(e.shipmentIds, `shp-${m[1] ?? 'ord-'}${pad(m[2]!, 6)}`);
  for (const m of text.matchAll(/\bshipments? (?:no\.? |number |#)?(\d{1,9})\b/g)) push(e.shipmentIds, `shp-ord-${pad(m[1]!, 6)}`);
  const rest = text.replace(/\bshp-[a-z0-9-]+/g, ' ');
  for (const m of rest.matchAll(/\bord(?:er)?[-_#]?(\d{1,9})\b/g)) push(e.orderIds, `ord-${pad(m[1]!, 6)}`);
  // "order 12", and the usual slips of the word: "ordr 12", "oder 12".
  for (const m of rest.matchAll(/\b(?:orders?|ord|ordr|oder|odrer|ordre) (?:no\.? |number |nr\.? |#)?#?(\d{1,9})\b(?! (?:orders?|hours?|days?|min))/g)) push(e.orderIds, `ord-${pad(m[1]!, 6)}`);
  for (const m of text.matchAll(/\bveh[-_ ]?(\d{1,6})\b/g)) push(e.vehicleIds, `veh-${pad(m[1]!, 3)}`);
  for (const m of text.matchAll(/\b(?:vehicle|van|truck|lorry|reefer|rigid|tractor|unit) (?:no\.? |number |#)?#?(\d{1,4})\b(?! (?:vans|trucks|vehicles|hours?|days?))/g)) push(e.vehicleIds, `veh-${pad(m[1]!, 3)}`);
  for (const id of lexicon.vehicleIds ?? []) {
    if (new RegExp(`(^|[^a-z0-9-])${id.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9-])`).test(text)) push(e.vehicleIds, id);
  }
  for (const m of text.matchAll(/\brev-?(\d{1,9})\b/g)) push(e.reviewIds, `rev-${pad(m[1]!, 8)}`);
  for (const m of text.matchAll(/\breview (?:no\.? |number |#)?#?(\d{1,9})\b/g)) push(e.reviewIds, `rev-${pad(m[1]!, 8)}`);
  for (const m of text.matchAll(/\bdec-?(\d{1,9})\b/g)) push(e.decisionIds, `dec-${pad(m[1]!, 8)}`);
  for (const m of text.matchAll(/\bdecision (?:no\.? |number |#)?#?(\d{1,9})\b/g)) push(e.decisionIds, `dec-${pad(m[1]!, 8)}`);
  for (const m of text.matchAll(/\b(car-[a-z0-9-]+)\b/g)) push(e.carrierIds, m[1]!);
  for (const m of text.matchAll(/\b(dc-[a-z0-9]+)\b/g)) push(e.depotIds, m[1]!);

  const ws = words(text.replace(/\b(?:car|dc|veh|ord|shp|rev|dec)-[a-z0-9-]+/g, ' '));
  for (const carrier of lexicon.carriers) {
    // Every distinctive word of the name ("Van Dijk Transport" → dijk, vandijk): "van" alone is a vehicle.
    const parts = words(carrier.name.toLowerCase()).filter((w) => w.length >= 4 && !GENERIC_CARRIER_WORDS.has(w));
    const joined = words(carrier.name.toLowerCase()).filter((w) => !GENERIC_CARRIER_WORDS.has(w)).join('');
    const slug = carrier.id.replace(/^car-/, '');
    if (ws.some((w) => parts.some((p) => matchesWord(w, p)) || matchesWord(w, joined) || matchesWord(w, slug))) push(e.carrierIds, carrier.id);
  }
  for (const depot of lexicon.depots) {
    const parts = words(depot.name.toLowerCase()).filter((w) => w.length >= 4 && w !== 'depot');
    if (ws.some((w) => parts.some((p) => matchesWord(w, p)))) push(e.depotIds, depot.id);
  }
  for (const [tier, names] of TIERS) {
    if (e.tier === undefined && ws.some((w) => names.some((n) => matchesWord(w, n)))) e.tier = tier;
  }
  const count = /\b(?:top|first|last|worst|best|show|give me|list) (\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twenty)\b/.exec(text)
    ?? /\b(\d{1,3}|three|five|ten|twenty) (?:orders|shipments|vans|vehicles|reviews|carriers|worst|most|latest)\b/.exec(text);
  if (count) {
    const n = NUMBER_WORDS[count[1]!] ?? Number(count[1]);
    if (n >= 1 && n <= 500) e.count = n;
  }
  return e;
}

/** Words of carrier names that say what a carrier is, not which one. */
const GENERIC_CARRIER_WORDS = new Set(['transport', 'logistics', 'parcel', 'direct', 'express', 'freight', 'van', 'de', 'the', 'and', 'bv']);

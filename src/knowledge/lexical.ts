/**
 * The offline embedder: a hashed bag of words, word pairs, a small logistics lexicon and character n-grams, TF-weighted
 * and L2-normalised. Deterministic and dependency-free, so retrieval works (and is tested) without a model server.
 */
import type { Embedder } from './embedder.ts';

/** Bump when tokenising or weighting changes: the id names the persisted index, so old indexes are rebuilt. */
const LEXICAL_VERSION = 1;
export const DEFAULT_LEXICAL_DIMS = 512;

// Function words carry no topic; dropping them keeps short questions ("what did we do last time...") on their nouns.
const STOP_WORDS = new Set(`
a about above after again against all am an and any are as at be been before being below between both but by can
could did do does doing done during each few for from further had has have having he her here hers him his how
i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own
same she should so some such than that the their theirs them then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you your yours yet also via per
us let get got ok okay please thing last time`.split(/\s+/).filter(Boolean));

// Irregular forms the suffix rules cannot reach; a few compounds are split so "breakdown" meets "broke down".
const IRREGULAR: Record<string, string> = {
  broke: 'break', broken: 'break', breakdown: 'break down', breakdowns: 'break down', said: 'say', says: 'say',
  told: 'tell', went: 'go', gone: 'go', stuck: 'stick', thawed: 'thaw', froze: 'freeze', frozen: 'freeze',
  lorries: 'lorry', stockout: 'stock out', nobody: 'no one', noone: 'no one', died: 'die', dead: 'die', left: 'leave',
};

// Words a dispatcher uses for the same thing; each adds a shared concept feature (weighted below a real word),
// so "truck broke down" and "vehicle breakdown", or "cooler too warm" and "temperature excursion", meet.
const CONCEPTS: Record<string, readonly string[]> = {
  vehicle: ['truck', 'lorry', 'van', 'vehicle', 'reefer', 'trailer', 'tractor', 'hgv', 'fleet', 'rig'],
  cold: ['reefer', 'fridge', 'cooler', 'chiller', 'freezer', 'chill', 'freeze', 'cold', 'temperature', 'warm', 'thaw', 'probe'],
  breakdown: ['break', 'puncture', 'tyre', 'tire', 'engine', 'gearbox', 'fault', 'stall', 'die'],
  absent: ['home', 'absent', 'answer', 'away', 'available', 'unavailable'],
  refuse: ['refuse', 'refusal', 'reject', 'rejection', 'decline', 'accept'],
  damage: ['damage', 'crush', 'dent', 'leak', 'torn', 'wet', 'smash'],
  customs: ['customs', 'border', 'broker', 'clearance', 'duty', 'duties', 'import', 'export', 'tariff'],
  address: ['address', 'postcode', 'zip', 'street', 'map', 'pin', 'navigation'],
  stock: ['stock', 'inventory', 'short', 'shortage', 'empty', 'backorder', 'substitute'],
  late: ['late', 'behind', 'delay', 'slip', 'overdue'],
  tender: ['tender', 'carrier', 'load', 'capacity', 'spot'],
  access: ['gate', 'locked', 'closed', 'security', 'barrier', 'access'],
  hazard: ['hazard', 'hazardous', 'dangerous', 'adr', 'lithium', 'flammable', 'corrosive', 'spill'],
};
const CONCEPT_OF = new Map<string, string[]>();
for (const [concept, words] of Object.entries(CONCEPTS)) {
  for (const w of words.map(stem)) CONCEPT_OF.set(w, [...(CONCEPT_OF.get(w) ?? []), concept]);
}

const WEIGHT = { word: 1, pair: 0.6, concept: 0.5, gram: 0.12 } as const;
type FeatureKind = keyof typeof WEIGHT;

/** Lower-case, accent-free word stems of `text` without stop words, in order. */
export function tokenize(text: string): string[] {
  const plain = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[’']/g, "'").replace(/\bwon't\b/g, 'will not').replace(/\bcan't\b/g, 'can not')
    .replace(/(\w)n't\b/g, '$1 not').replace(/'s\b/g, '');
  const out: string[] = [];
  for (const raw of plain.split(/[^a-z0-9]+/)) {
    if (!raw) continue;
    for (const word of (IRREGULAR[raw] ?? raw).split(' ')) {
      if (!STOP_WORDS.has(word)) out.push(stem(word));
    }
  }
  return out;
}

/** A light stem: plural, -ing, -ed, -ly and a final e stripped, so "refused", "refuses" and "refuse" all read "refus". */
export function stem(word: string): string {
  const s = stripSuffix(word);
  return s.length > 3 && s.endsWith('e') ? s.slice(0, -1) : s;
}

function stripSuffix(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undouble(word.endsWith('ied') ? `${word.slice(0, -3)}y` : word.slice(0, -2));
  if (word.endsWith('ly') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

// "stopped" -> "stopp" -> "stop", but "called" stays "call".
function undouble(s: string): string {
  return /([^aeiouls])\1$/.test(s) ? s.slice(0, -1) : s;
}

/** The weighted features of a text (word, word pair, concept, character trigram), before hashing. */
export function features(text: string): Map<string, { kind: FeatureKind; count: number }> {
  const found = new Map<string, { kind: FeatureKind; count: number }>();
  const add = (key: string, kind: FeatureKind) => {
    const f = found.get(key);
    if (f) f.count += 1;
    else found.set(key, { kind, count: 1 });
  };
  const tokens = tokenize(text);
  tokens.forEach((t, i) => {
    add(`w:${t}`, 'word');
    const next = tokens[i + 1];
    if (next) add(`p:${t}_${next}`, 'pair');
    for (const c of CONCEPT_OF.get(t) ?? []) add(`c:${c}`, 'concept');
    const padded = `#${t}#`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`g:${padded.slice(j, j + 3)}`, 'gram');
  });
  return found;
}

/** Embeds one text: features hashed into signed buckets, 1 + ln(tf) times the kind's weight, unit length. */
export function lexicalVector(text: string, dims: number): Float32Array {
  const v = new Float32Array(dims);
  // Character trigrams outnumber words several times over; a quarter of the buckets of their own keeps their
  // collisions from blurring the words, which carry the topic.
  const gramDims = Math.floor(dims / 4);
  const wordDims = dims - gramDims;
  for (const [key, { kind, count }] of features(text)) {
    const h = hash32(key);
    const sign = h & 0x80000000 ? -1 : 1;
    const bucket = kind === 'gram' ? wordDims + (h % gramDims) : h % wordDims;
    v[bucket]! += sign * WEIGHT[kind] * (1 + Math.log(count));
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < dims; i++) v[i]! *= inv;
  }
  return v;
}

/** FNV-1a with a murmur finaliser, so bucket and sign bits are both well mixed. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The deterministic offline embedder (`lexical-v1-512` by default). */
export function lexicalEmbedder(dims: number = DEFAULT_LEXICAL_DIMS): Embedder {
  if (!Number.isInteger(dims) || dims < 16) throw new RangeError(`lexical embedder dims must be an integer >= 16, got ${dims}`);
  return {
    id: `lexical-v${LEXICAL_VERSION}-${dims}`,
    dims,
    embed: async (texts) => texts.map((t) => lexicalVector(t, dims)),
  };
}

/** Text helpers of the offline intent parser: normalising a message, splitting words, and a small fuzzy match. */

/** Longest message the parser reads; longer text is cut here (callers refuse far longer input before this). */
export const MAX_PARSE_CHARS = 4000;

/** Lower case, control and non-printing characters dropped, quotes and dashes made plain, spaces collapsed. */
export function normalize(message: string): string {
  return message
    .slice(0, MAX_PARSE_CHARS)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b`´]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    // Control characters and the replacement character come from binary garbage, never from a question.
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a normalised message: letters and digits, apostrophes kept inside words ("won't"). */
export function words(text: string): string[] {
  return text.match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}

/** Damerau-Levenshtein distance (adjacent swaps count once), stopping early past `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Edits a typo may make to a keyword of this length: none for short words (too many false friends), then one, then two. */
export function allowedEdits(keyword: string): number {
  if (keyword.length <= 4) return 0;
  if (keyword.length <= 7) return 1;
  return 2;
}

/** Whether `word` is `keyword` or a plural or inflection of it ("vans", "delayed", "approving"), with no misspelling allowed. */
export function inflects(word: string, keyword: string): boolean {
  if (word === keyword) return true;
  for (const end of ['s', 'es', 'ed', 'd', 'ing']) {
    if (word.length > keyword.length && word === keyword + end) return true;
  }
  if (keyword.endsWith('e') && word === `${keyword.slice(0, -1)}ing`) return true;
  return keyword.endsWith('y') && word === `${keyword.slice(0, -1)}ies`;
}

/** A misspelling of an acting verb: one edit at most, same first letters, about the same length ("aprove", "replna"). */
export function misspells(word: string, keyword: string): boolean {
  if (keyword.length < 6 || Math.abs(word.length - keyword.length) > 1 || word.slice(0, 2) !== keyword.slice(0, 2)) return false;
  return editDistance(word, keyword, 1) <= 1;
}

/** Whether a word of the message is `keyword`, a plural or inflection of it, or a small misspelling of either. */
export function matchesWord(word: string, keyword: string): boolean {
  if (word === keyword) return true;
  // Plurals and common endings: "vans", "delays", "delayed", "approving".
  for (const end of ['s', 'es', 'ed', 'd', 'ing']) {
    if (word.length > keyword.length && word === keyword + end) return true;
  }
  if (keyword.endsWith('e') && word === `${keyword.slice(0, -1)}ing`) return true;
  if (keyword.endsWith('y') && word === `${keyword.slice(0, -1)}ies`) return true;
  // Four letters leave room only for swapped letters ("rsik"): one changed letter is another word ("rate", "late").
  if (keyword.length === 4) return word.length === 4 && isSwap(word, keyword);
  // Typing slips keep the first letter; a different first letter is most often a different word ("night", "tight").
  if (word[0] !== keyword[0]) return false;
  const edits = allowedEdits(keyword);
  if (edits === 0 || word.length < 4) return false;
  return editDistance(word, keyword, edits) <= edits;
}

/** Whether two words differ only by two adjacent letters swapped. */
function isSwap(a: string, b: string): boolean {
  const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

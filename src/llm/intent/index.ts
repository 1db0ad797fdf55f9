/** The offline copilot's language understanding: intents, entities and times, deterministic and honest about what it misses. */
export { ACTING_INTENTS, CUES, type Cue, IntentName } from './cues.ts';
export { type Entities, entitiesOf, type Lexicon } from './entities.ts';
export { type ParseContext, Parsed, parseMessage } from './parse.ts';
export { editDistance, MAX_PARSE_CHARS, matchesWord, normalize, words } from './text.ts';
export { clockBoundsOf, type Period, periodOf } from './time.ts';

/** Knowledge: retrieval over standard operating procedures and past decisions, each hit with its citation. */
export { checkVector, countingEmbedder, createEmbedder, DEFAULT_EMBEDDING_MODEL, type Embedder, EmbedderEnv, type EmbedderOptions, openAiEmbedder } from './embedder.ts';
export { DEFAULT_LEXICAL_DIMS, lexicalEmbedder, tokenize } from './lexical.ts';
export { decisionText } from './decisions.ts';
export { type Knowledge, type KnowledgeOptions, openKnowledge, type RefreshReport } from './knowledge.ts';
export { Citation, DecisionDoc, DocKind, Hit, SearchOptions, SopDoc } from './schema.ts';
export { DEFAULT_SOP_DIR, loadSops, parseSop, type Sop, type SopChunk, type SopSection } from './sops.ts';

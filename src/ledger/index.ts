/** The decision log: append-only, hash-chained, queryable, verifiable from the database or an export. */
export { chainHash, ENTRY_SCHEMA_VERSION, GENESIS_HASH } from './chain.ts';
export { exportJsonl } from './export.ts';
export { decisionId, DecisionInput, entryFromRow, type Head, type Ledger, openLedger } from './ledger.ts';
export { type DecisionOutline, decisionOutlines, DecisionQuery, decisionsWithOutcome, lastDecisionWithOutcome, queryDecisions } from './query.ts';
export { formatDecision } from './show.ts';
export { type ChainStart, type Problem, verifyDatabase, verifyJsonl, verifyLinks, type VerifyResult } from './verify.ts';
export { defaultThreads, verifyFile, type VerifyOptions } from './verify-parallel.ts';

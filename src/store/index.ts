/** The dispatch store and the SQLite helpers other stores share. */
export { type CarrierScore } from './carrier-scores.ts';
export { type DocTable, listAll, type ListOptions, MAX_PAGE, type Page } from './documents.ts';
export { OPEN_STATUSES } from './open-shipments.ts';
export { type Db, type Migration, openDatabase, SchemaTooNewError } from './sqlite.ts';
export { openStore, type Store, STORE_MIGRATIONS } from './store.ts';
export { statement, withStatementCache } from './statements.ts';

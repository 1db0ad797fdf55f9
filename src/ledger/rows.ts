/** Multi-row INSERTs: one statement per many rows, which costs SQLite and the driver less than a statement per row. */
import type Database from 'better-sqlite3';

/**
 * An inserter for `table`: give it the values of any number of rows, flat and in column order. `placeholders` is
 * one row's VALUES tuple, e.g. `(?, CAST(? AS TEXT))`.
 */
export function rowInserter(db: Database.Database, table: string, columns: readonly string[], placeholders: string, rowsPerStatement: number) {
  const statements = new Map<number, Database.Statement>();
  const statement = (rows: number): Database.Statement => {
    let stmt = statements.get(rows);
    if (!stmt) {
      stmt = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(placeholders).join(', ')}`);
      statements.set(rows, stmt);
    }
    return stmt;
  };
  const chunk = columns.length * rowsPerStatement;
  return (values: readonly unknown[]): void => {
    if (values.length % columns.length !== 0) throw new Error(`${table}: ${values.length} values do not make whole rows of ${columns.length}`);
    for (let i = 0; i < values.length; i += chunk) {
      const part = values.length - i > chunk ? values.slice(i, i + chunk) : i === 0 ? values : values.slice(i);
      statement(part.length / columns.length).run(part);
    }
  };
}

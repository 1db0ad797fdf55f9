import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { statement, withStatementCache } from './statements.ts';

function db() {
  const d = new Database(':memory:');
  d.exec("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER); INSERT INTO t VALUES ('a', 1), ('b', 2)");
  return d;
}

describe('statement cache', () => {
  it('gives plain rows to the next caller after one asked for plucked values', () => {
    const d = db();
    expect(statement(d, 'SELECT n FROM t WHERE id = ?').pluck().get('a')).toBe(1);
    expect(statement(d, 'SELECT n FROM t WHERE id = ?').get('a')).toEqual({ n: 1 });
  });

  it('does not hand out a statement that is still iterating', () => {
    const d = db();
    const seen: string[] = [];
    for (const row of statement(d, 'SELECT id FROM t ORDER BY id').iterate() as Iterable<{ id: string }>) {
      seen.push(row.id, ...(statement(d, 'SELECT id FROM t ORDER BY id').all() as { id: string }[]).map((r) => r.id));
    }
    expect(seen).toEqual(['a', 'a', 'b', 'b', 'a', 'b']);
  });

  it('lets a library use the connection as it is, with its prepares cached', () => {
    const d = db();
    const seen = withStatementCache(d);
    seen.prepare("INSERT INTO t VALUES ('c', 3)").run();
    expect(seen.transaction(() => seen.prepare('SELECT count(*) AS k FROM t').get())()).toEqual({ k: 3 });
    expect(seen.prepare('SELECT 1 AS x')).toBe(seen.prepare('SELECT 1 AS x'));
    expect(seen.open).toBe(true);
  });
});

/** A table's columns read off its row schema: a column is optional when the schema accepts it absent. */
import type { z } from 'zod';
import type { TableSpec } from './table.ts';

/** The spec of table `name` whose rows `schema` validates; columns keep the schema's order. */
export function specOf(name: string, schema: z.ZodObject): TableSpec & { columns: string[] } {
  const columns = Object.keys(schema.shape);
  const optional = columns.filter((c) => schema.shape[c]!.safeParse(undefined).success);
  return { name, columns, required: columns.filter((c) => !optional.includes(c)), optional };
}

/** Small helpers the copilot tools share: reading whole tables page by page, and tagging a tool with its effect. */
import type { DocTable } from '../../store/index.ts';
import { MAX_PAGE } from '../../store/index.ts';
import type { ToolEffect } from './context.ts';

/** Every document of a tenant's table matching `where`, in id order. */
export function allOf<T>(table: DocTable<T>, tenant: string, where?: Record<string, string | number | null | undefined>): T[] {
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = table.list(tenant, { ...(where ? { where } : {}), limit: MAX_PAGE, after });
    out.push(...page.items);
    if (page.next === undefined) return out;
    after = page.next;
  }
}

/** The tool with its effect declared, so the agent's guard can tell reading from acting without a list of names. */
export function withEffect<T extends object>(tool: T, effect: ToolEffect): T & { effect: ToolEffect } {
  return Object.assign(tool, { effect });
}

/** Minutes, rounded, from seconds. */
export const minutes = (seconds: number): number => Math.round(seconds / 60);

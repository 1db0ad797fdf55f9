/** Reading a policy file: JSON text in, a validated Policy out, or an InputError naming every bad field by path. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { type FieldIssue, InputError } from '../domain/index.ts';
import { canonicalHash } from './canonical-json.ts';
import { Policy } from './schema.ts';

/** Absolute path of the policy shipped with Marshal. */
export const DEFAULT_POLICY_PATH = fileURLToPath(new URL('../../policies/default.json', import.meta.url));

// zod reports unknown keys once, on the parent; an operator needs the key itself as the path (`kinds.carrier.fly`).
function policyIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...at, key].join('.'), reason: issue.message }));
    }
    return [{ path: at.join('.'), reason: issue.message }];
  });
}

/** Parses and validates a policy file's text; `source` (a path or a label) is named in the error. */
export function loadPolicy(jsonText: string, source: string): Policy {
  const context = `policy ${source}`;
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputError('invalid_policy', [{ path: '', reason: `is not valid JSON (${detail})` }], context);
  }
  const result = Policy.safeParse(raw);
  if (!result.success) throw new InputError('invalid_policy', policyIssues(result.error), context);
  return result.data;
}

/** Reads and validates policies/default.json. */
export function loadDefaultPolicy(): Policy {
  return loadPolicy(readFileSync(DEFAULT_POLICY_PATH, 'utf8'), DEFAULT_POLICY_PATH);
}

/** The sha256 hex of the policy's canonical JSON: the same for any key order or whitespace, changed by any value. */
export function policyHash(policy: Policy): string {
  return canonicalHash(policy);
}

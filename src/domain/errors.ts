/** Errors sorted by who is at fault, each with a stable code, as STYLE.md asks. */
import { z } from 'zod';

// A missing field reads "is required" rather than zod's "expected string, received undefined".
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
});

export type Fault = 'input' | 'connector' | 'policy' | 'model' | 'internal';

/** One problem with one field: `path` is dotted (`lines.0.qty`), `reason` is for a person. */
export interface FieldIssue {
  path: string;
  reason: string;
}

/** Base of every error Marshal raises on purpose. */
export class MarshalError extends Error {
  readonly code: string;
  readonly fault: Fault;
  constructor(code: string, fault: Fault, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.fault = fault;
  }
}

/** The caller sent something wrong: never retried, answered with 4xx. */
export class InputError extends MarshalError {
  readonly issues: FieldIssue[];
  constructor(code: string, issues: FieldIssue[], context?: string) {
    const text = issues.map((i) => `${i.path || '(root)'}: ${i.reason}`).join('; ');
    super(code, 'input', context ? `${context}: ${text}` : text);
    this.issues = issues;
  }
}

/** Something asked for does not exist (an unknown tenant, order, vehicle). */
export class NotFoundError extends MarshalError {
  readonly field: string;
  constructor(field: string, value: string, what = field) {
    super('not_found', 'input', `${field}: unknown ${what} '${value}'`);
    this.field = field;
  }
}

/** The request is well-formed but the current state forbids it (stock too low, tender already answered). */
export class ConflictError extends MarshalError {
  readonly field: string;
  constructor(code: string, field: string, reason: string) {
    super(code, 'input', `${field}: ${reason}`);
    this.field = field;
  }
}

/** An outside system failed or answered out of contract. */
export class ConnectorError extends MarshalError {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(code: string, message: string, opts: { retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(code, 'connector', message, { cause: opts.cause });
    this.retryable = opts.retryable;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** Turns zod issues into field issues with dotted paths, under `prefix` when the value was one item of a larger input. */
export function issuesFromZod(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    return { path: prefix && path ? `${prefix}.${path}` : prefix || path, reason: i.message };
  });
}

/** Parses `value` with `schema` or throws an InputError naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, context?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError('invalid_input', issuesFromZod(result.error), context);
}

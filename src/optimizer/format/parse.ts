/**
 * Parsing problems and jobs, with frozen jobs parsed once. A live dispatch plan is compiled again at every event from
 * about a thousand jobs that are nearly all the same as last time; the caller that hands in the same frozen job object
 * again (it cannot have changed) gets the parse it had before, and the problem around it is still parsed whole.
 */
import { z } from 'zod';
import { deepFreeze } from '../../domain/deep-freeze.ts';
import { type FieldIssue, InputError, issuesFromZod, parseInput } from '../../domain/errors.ts';
import { type Job, type JobInput, JobSchema, type Problem, ProblemSchema } from './schema.ts';

/** The parse of each frozen job object seen, while the object lives. */
const parsedJobs = new WeakMap<object, Job>();
const ProblemShell = ProblemSchema.extend({ jobs: z.array(z.unknown()).default([]) });

const frozen = (value: unknown): value is object => typeof value === 'object' && value !== null && Object.isFrozen(value);
const known = (job: unknown): Job | undefined => (frozen(job) ? parsedJobs.get(job) : undefined);

/**
 * The job parsed with `JobSchema`, remembered when the input is frozen; undefined with its issues added under
 * `jobs.<index>` (or at the root without an index), a path spelled only then: a problem of a thousand remembered jobs
 * need not spell a thousand.
 */
function parseJobAt(input: unknown, index: number | undefined, issues: FieldIssue[]): Job | undefined {
  const hit = known(input);
  if (hit) return hit;
  const parsed = JobSchema.safeParse(input);
  if (!parsed.success) {
    issues.push(...issuesFromZod(parsed.error, index === undefined ? '' : `jobs.${index}`));
    return undefined;
  }
  // The parse is frozen too: every problem that lists the job shares it.
  if (frozen(input)) parsedJobs.set(input, deepFreeze(parsed.data));
  return parsed.data;
}

/** Parses a JSON problem, throwing an InputError that names every bad field. */
export function parseProblem(input: unknown): Problem {
  const jobs = (input as { jobs?: unknown } | null | undefined)?.jobs;
  // Jobs parsed one by one only where some may be remembered or worth remembering: otherwise the schema's own pass.
  if (!Array.isArray(jobs) || !jobs.some(frozen)) return parseInput(ProblemSchema, input, 'problem');
  const shell = ProblemShell.safeParse(input);
  const issues: FieldIssue[] = shell.success ? [] : issuesFromZod(shell.error);
  const parsed = jobs.map((j, i) => parseJobAt(j, i, issues));
  if (!shell.success || issues.length > 0) throw new InputError('invalid_input', issues, 'problem');
  return { ...shell.data, jobs: parsed as Job[] };
}

/** Parses one job, throwing an InputError that names every bad field. */
export function parseJob(input: JobInput): Job {
  const issues: FieldIssue[] = [];
  const job = parseJobAt(input, undefined, issues);
  if (!job) throw new InputError('invalid_input', issues, 'job');
  return job;
}

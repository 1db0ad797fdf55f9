/** Loading policy files: the shipped default, malformed files refused by path, and the policy hash. */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/index.ts';
import { NOW, proposal } from './fixtures.ts';
import { gate } from './gate.ts';
import { DEFAULT_POLICY_PATH, loadDefaultPolicy, loadPolicy, policyHash } from './load.ts';
import { Bounds, KindRule, Policy } from './schema.ts';

const defaultText = readFileSync(DEFAULT_POLICY_PATH, 'utf8');
type Doc = Record<string, any>;
/** The default policy as a plain document, changed by `edit`, back to JSON text. */
const edited = (edit: (doc: Doc) => void): string => {
  const doc = JSON.parse(defaultText) as Doc;
  edit(doc);
  return JSON.stringify(doc);
};
const issuesOf = (text: string) => {
  try {
    loadPolicy(text, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('invalid_policy');
    expect((error as InputError).message).toMatch(/^policy test\.json: /);
    return (error as InputError).issues;
  }
  throw new Error('the policy loaded');
};

describe('the shipped default policy', () => {
  it('lives at an absolute path and loads', () => {
    expect(isAbsolute(DEFAULT_POLICY_PATH)).toBe(true);
    expect(DEFAULT_POLICY_PATH).toMatch(/policies[\\/]default\.json$/);
    expect(loadDefaultPolicy().name).toBe('marshal-default');
  });

  it('sends an invoice dispute to finance as L1', () => {
    const p = proposal({ kind: 'invoice.dispute', agent: 'settlement', costMinor: 0 });
    const verdict = gate({ proposal: p, policy: loadDefaultPolicy(), agent: 'settlement', tenant: p.tenant, now: NOW });
    expect(verdict).toMatchObject({ outcome: 'review', level: 'L1', reviewRole: 'finance' });
  });

  it('lets Settlement post invoices and refuses them from Carrier', () => {
    const policy = loadDefaultPolicy();
    expect(policy.agents.settlement.kinds).toContain('invoice.post');
    expect(policy.agents.carrier.kinds).not.toContain('invoice.post');
    expect(policy.agents.orchestrator.kinds).toEqual([]);
  });
});

describe('a malformed policy', () => {
  it.each([
    { what: 'a bad level', edit: (d: Doc) => (d.kinds['carrier.tender'].level = 'L4'), path: 'kinds.carrier.tender.level', reason: 'must be L1, L2 or L3' },
    { what: 'an unknown kind', edit: (d: Doc) => (d.kinds['carrier.fly'] = d.kinds['carrier.tender']), path: 'kinds.carrier.fly', reason: 'unknown action kind' },
    { what: 'an unknown agent', edit: (d: Doc) => (d.agents.robot = { kinds: [] }), path: 'agents.robot', reason: 'unknown agent' },
    { what: 'a negative bound', edit: (d: Doc) => (d.kinds['route.assign'].bounds.maxCostMinor = -1), path: 'kinds.route.assign.bounds.maxCostMinor', reason: 'must not be negative' },
    { what: 'a confidence above 1', edit: (d: Doc) => (d.kinds['route.assign'].bounds.minConfidence = 1.5), path: 'kinds.route.assign.bounds.minConfidence', reason: 'must be between 0 and 1' },
    { what: 'a missing field', edit: (d: Doc) => delete d.kinds['order.hold'].reviewRole, path: 'kinds.order.hold.reviewRole', reason: 'is required' },
    { what: 'a missing bound', edit: (d: Doc) => delete d.kinds['order.hold'].bounds.maxSlaRisk, path: 'kinds.order.hold.bounds.maxSlaRisk', reason: 'is required' },
    { what: 'a missing kind', edit: (d: Doc) => delete d.kinds['order.split'], path: 'kinds.order.split', reason: 'is required' },
    { what: 'a missing agent', edit: (d: Doc) => delete d.agents.hub, path: 'agents.hub', reason: 'is required' },
    { what: 'an unknown kind in a scope', edit: (d: Doc) => (d.agents.carrier.kinds = ['carrier.fly']), path: 'agents.carrier.kinds.0', reason: 'must be an action kind such as carrier.tender' },
    { what: 'a misspelt field', edit: (d: Doc) => (d.kinds['dock.assign'].levl = 'L2'), path: 'kinds.dock.assign.levl', reason: 'unknown field' },
    { what: 'a zero window', edit: (d: Doc) => (d.kinds['dock.assign'].overrideWindowSeconds = 0), path: 'kinds.dock.assign.overrideWindowSeconds', reason: 'must be more than 0' },
    { what: 'a bad review role', edit: (d: Doc) => (d.kinds['dock.assign'].reviewRole = 'auditor'), path: 'kinds.dock.assign.reviewRole', reason: 'must be dispatcher, finance or admin' },
    { what: 'a tenant override of an unknown kind', edit: (d: Doc) => (d.tenants.acme = { kinds: { 'truck.fly': {} } }), path: 'tenants.acme.kinds.truck.fly', reason: 'unknown action kind' },
    { what: 'a bad level in a tenant override', edit: (d: Doc) => (d.tenants.acme = { kinds: { 'order.hold': { level: 'L9' } } }), path: 'tenants.acme.kinds.order.hold.level', reason: 'must be L1, L2 or L3' },
  ])('names the path of $what', ({ edit, path, reason }) => {
    expect(issuesOf(edited(edit))).toEqual([{ path, reason }]);
  });

  it('refuses text that is not JSON', () => {
    const [issue] = issuesOf('{ "kinds": ');
    expect(issue?.path).toBe('');
    expect(issue?.reason).toMatch(/^is not valid JSON/);
  });

  it('names every bad field at once', () => {
    const text = edited((d) => {
      d.kinds['carrier.tender'].level = 'L0';
      d.agents.robot = { kinds: [] };
    });
    expect(issuesOf(text).map((i) => i.path)).toEqual(['kinds.carrier.tender.level', 'agents.robot']);
  });
});

describe('policyHash', () => {
  // Rebuilds every object with its keys in reverse, so only key order differs.
  const reversed = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reversed);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
  };
  const base = loadPolicy(defaultText, 'default');

  it('is a sha256 hex that ignores key order and whitespace', () => {
    const shuffled = loadPolicy(JSON.stringify(reversed(JSON.parse(defaultText)), null, 4), 'shuffled');
    expect(policyHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(policyHash(shuffled)).toBe(policyHash(base));
  });

  it.each([
    { what: 'a bound', edit: (d: Doc) => (d.kinds['carrier.tender'].bounds.maxCostMinor += 1) },
    { what: 'a level', edit: (d: Doc) => (d.kinds['dock.assign'].level = 'L2') },
    { what: 'a scope', edit: (d: Doc) => d.agents.copilot.kinds.reverse() },
    { what: 'a tenant override', edit: (d: Doc) => (d.tenants.acme = { kinds: {} }) },
    { what: 'the name', edit: (d: Doc) => (d.name = 'other') },
  ])('changes with $what', ({ edit }) => {
    expect(policyHash(loadPolicy(edited(edit), 'edited'))).not.toBe(policyHash(base));
  });
});

describe('policies/README.md', () => {
  it('documents every field of the policy file', () => {
    const readme = readFileSync(join(dirname(DEFAULT_POLICY_PATH), 'README.md'), 'utf8');
    const fields = [Policy, KindRule, Bounds].flatMap((schema) => Object.keys(schema.shape));
    // A field appears as `name` or as the last segment of a dotted path such as `kinds.<kind>.name`.
    for (const field of fields) expect(readme).toMatch(new RegExp(`\`([\\w<>.]*\\.)?${field}\``));
  });
});

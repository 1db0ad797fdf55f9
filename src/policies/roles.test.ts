/** Who may decide which review: the whole table, so a widened permission fails a test. */
import { describe, expect, it } from 'vitest';
import { mayDecide, ReviewRole, Role } from './roles.ts';
import { KillSwitch } from './schema.ts';

describe('mayDecide', () => {
  const allowed: Record<Role, ReviewRole[]> = {
    admin: ['dispatcher', 'finance', 'admin'],
    dispatcher: ['dispatcher'],
    finance: ['finance'],
    auditor: [],
    integration: [],
  };

  it.each(Role.options.flatMap((role) => ReviewRole.options.map((review) => ({ role, review }))))(
    '$role deciding a $review review',
    ({ role, review }) => {
      expect(mayDecide(role, review)).toBe(allowed[role].includes(review));
    },
  );
});

describe('KillSwitch', () => {
  it('accepts a switch on a known agent or kind', () => {
    const on = { on: true, by: 'user:ada', reason: 'carrier strike' };
    expect(KillSwitch.parse({ scope: 'agent', name: 'carrier', ...on }).name).toBe('carrier');
    expect(KillSwitch.parse({ scope: 'kind', name: 'carrier.tender', ...on }).scope).toBe('kind');
  });

  it('refuses a name that does not match its scope', () => {
    const on = { on: true, by: 'user:ada', reason: 'typo' };
    expect(KillSwitch.safeParse({ scope: 'agent', name: 'carrier.tender', ...on }).success).toBe(false);
    expect(KillSwitch.safeParse({ scope: 'kind', name: 'carrier', ...on }).success).toBe(false);
  });
});

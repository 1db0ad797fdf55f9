import { describe, expect, it } from 'vitest';
import { openWorld } from './world.ts';

describe('sandbox world', () => {
  it('knows a tenant once it is committed, and forgets one whose insert rolled back', () => {
    const world = openWorld(':memory:');
    const insert = world.db.prepare('INSERT INTO tenants (id, doc) VALUES (?, ?)');
    expect(() => world.requireTenant('acme')).toThrow(/tenant/);
    expect(() => world.db.transaction(() => {
      insert.run('acme', '{}');
      world.requireTenant('acme');
      throw new Error('load failed');
    })()).toThrow('load failed');
    expect(() => world.requireTenant('acme')).toThrow(/tenant/);
    insert.run('acme', '{}');
    world.requireTenant('acme');
    world.requireTenant('acme');
    expect(() => world.requireTenant('other')).toThrow(/tenant/);
    world.close();
  });
});

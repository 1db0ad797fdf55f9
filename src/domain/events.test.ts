import { describe, expect, it } from 'vitest';
import { tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { InputError } from './errors.ts';
import { parseEvent } from './events.ts';

const event = (over: Record<string, unknown> = {}) => ({
  specversion: '1.0', id: 'evt-1', source: '/oms', type: 'oms.order.created', time: '2026-11-23T07:00:00Z', tenant: 'acme',
  data: { order: tinyOrder('o-1') }, ...over,
});

function issuesOf(raw: unknown): string[] {
  try {
    parseEvent(raw);
  } catch (error) {
    if (error instanceof InputError) return error.issues.map((i) => `${i.path}: ${i.reason}`);
    throw error;
  }
  return [];
}

describe('CloudEvents parsing', () => {
  it('accepts a valid event and types its data by its type', () => {
    const e = parseEvent(event());
    expect(e.type === 'oms.order.created' && e.data.order.id).toBe('o-1');
  });

  it('names a missing id', () => {
    const { id: _id, ...noId } = event();
    expect(issuesOf(noId)).toEqual(['id: is required']);
  });

  it('names an unknown type, a wrong specversion and a time with an offset', () => {
    const issues = issuesOf(event({ type: 'oms.order.teleported', specversion: '0.3', time: '2026-11-23T08:00:00+01:00' }));
    expect(issues.map((i) => i.split(':')[0])).toEqual(['specversion', 'type', 'time']);
    expect(issues[2]).toContain('must be an ISO-8601 UTC timestamp ending in Z');
  });

  it('names the deep field of bad data: a window that ends before it starts, a negative quantity', () => {
    const order = tinyOrder('o-1', {
      windows: [{ start: '2026-11-23T12:00:00Z', end: '2026-11-23T10:00:00Z' }],
      lines: [{ lineNo: 1, sku: 'milk', qty: -3 }],
    });
    expect(issuesOf(event({ data: { order } }))).toEqual([
      'data.order.lines.0.qty: must be more than zero',
      'data.order.windows.0.end: window ends before it starts',
    ]);
  });

  it('checks the data schema of other types too', () => {
    const issues = issuesOf(event({ type: 'telematics.vehicle.down', data: { vehicleId: 'v1', at: 'noon', location: { lat: 95, lon: 4 }, reason: 'breakdown' } }));
    expect(issues.map((i) => i.split(':')[0])).toEqual(['data.at', 'data.location.lat']);
  });
});

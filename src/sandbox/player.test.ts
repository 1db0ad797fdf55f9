import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/index.ts';
import { playDay } from './player.ts';

const event = (i: number) => ({
  specversion: '1.0', id: `evt-${i}`, source: '/sandbox/telematics', type: 'telematics.position', tenant: 'acme',
  time: new Date(Date.UTC(2026, 10, 23, 8, 0, i)).toISOString().replace('.000Z', 'Z'),
  data: { vehicleId: 'v1', at: new Date(Date.UTC(2026, 10, 23, 8, 0, i)).toISOString().replace('.000Z', 'Z'), location: { lat: 52.37, lon: 4.89 }, speedKph: 40 },
});

describe('playDay', () => {
  it('waits between events in simulated time and leaves no listener behind on the stop signal', async () => {
    const events = Array.from({ length: 25 }, (_, i) => event(i + 1));
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 8, 0, 0) / 1000);
    const controller = new AbortController();
    const seen: string[] = [];
    // 1,000 simulated seconds a real one: a second between events is a 1 ms wait.
    const played = await playDay(events, { clock, speed: 1000, signal: controller.signal, onEvent: (e) => { seen.push(e.id); } });
    expect(played).toBe(25);
    expect(seen).toHaveLength(25);
    expect(clock.now()).toBe(Date.UTC(2026, 10, 23, 8, 0, 25) / 1000);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('stops at once when the signal aborts during a wait', async () => {
    const events = [event(1), event(3600)];
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 8, 0, 1) / 1000);
    const controller = new AbortController();
    const seen: string[] = [];
    const done = playDay(events, { clock, speed: 1, signal: controller.signal, onEvent: (e) => { seen.push(e.id); } });
    setTimeout(() => controller.abort(), 50);
    expect(await done).toBe(1);
    expect(seen).toEqual(['evt-1']);
  });
});

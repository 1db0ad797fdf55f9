/** Row checks as a user meets them: a bad value is one line naming file, line and field, never a crash or zod's wording. */
import { describe, expect, it } from 'vitest';
import { datasetDir, FLEET, ORDER_HEADER, order } from './fixture.ts';
import { formatProblem, loadDataset } from './index.ts';

/** The problems of the fixture dataset with `files` replaced, as `dataset check` prints them. */
function problems(files: Record<string, string>): string[] {
  const result = loadDataset(datasetDir(files));
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('dataset rows', () => {
  it('lists a bad timestamp with its file, line and field, beside the other problems, instead of crashing', () => {
    expect(problems({
      'orders.csv': [ORDER_HEADER, order('o-1').replace('2026-11-23T01:00:00Z', 'yesterday'), order('o-2', undefined, 'heavy')].join('\n'),
      'fleet.csv': FLEET.replace('2026-11-23T06:00:00Z', '06:00'),
      'disruptions.csv': 'kind,at,vehicle_id\nvehicle_down,noon,veh-1\n',
    })).toEqual([
      "fleet.csv:2 shift_start: must be an ISO-8601 UTC timestamp ending in Z, got '06:00'",
      "orders.csv:2 created_at: must be an ISO-8601 UTC timestamp ending in Z, got 'yesterday'",
      "orders.csv:3 weight_kg: must be a number, got 'heavy'",
      "disruptions.csv:2 at: must be an ISO-8601 UTC timestamp ending in Z, got 'noon'",
    ]);
  });

  it('refuses a day that is not on the calendar without comparing its rolled-over date', () => {
    const o = order('o-1').replace('2026-11-23T05:00:00Z', '2026-11-31T05:00:00Z');
    expect(problems({ 'orders.csv': [ORDER_HEADER, o, order('o-2')].join('\n') })).toEqual([
      "orders.csv:2 ready_at: must be an ISO-8601 UTC timestamp ending in Z, got '2026-11-31T05:00:00Z'",
    ]);
    const w = order('o-1', '2026-11-31T09:00:00Z/2026-11-23T11:00:00Z');
    expect(problems({ 'orders.csv': [ORDER_HEADER, w, order('o-2')].join('\n') })).toEqual([
      "orders.csv:2 windows.0.start: must be an ISO-8601 UTC timestamp ending in Z, got '2026-11-31T09:00:00Z'",
    ]);
  });

  it('says what a column takes in our words, and "is required" for an empty one', () => {
    const o = order('o-1').replace('priority,ecommerce', 'gold,ecommerce').replace('2026-11-23T01:00:00Z', '').replace(',EUR,', ',,').replace('cus-1', '');
    expect(problems({ 'orders.csv': [ORDER_HEADER, o, order('o-2')].join('\n') })).toEqual([
      'orders.csv:2 created_at: is required',
      'orders.csv:2 currency: is required',
      'orders.csv:2 customer_id: is required',
      "orders.csv:2 sla_tier: must be one of critical, priority, standard, economy, got 'gold'",
    ]);
    expect(problems({ 'fleet.csv': FLEET.replace('veh-1,acme,dc-n,van', 'veh-1,acme,dc-n,bike') })).toEqual([
      "fleet.csv:2 kind: must be one of van, rigid, reefer, tractor, got 'bike'",
    ]);
  });

  it('refuses a disruption column that does not apply to its kind instead of ignoring it', () => {
    expect(problems({
      'disruptions.csv': 'kind,at,vehicle_id,order_id,reason,until,delay_s\nlate_pick,2026-11-23T10:00:00Z,,o-2,,,1800\nvehicle_down,2026-11-23T11:00:00Z,veh-1,o-1,,,600\nfailed_attempt,,veh-2,o-1,,,\n',
    })).toEqual([
      'disruptions.csv:2 at: does not apply to late_pick',
      'disruptions.csv:3 delay_s: does not apply to vehicle_down',
      'disruptions.csv:3 order_id: does not apply to vehicle_down',
      'disruptions.csv:4 vehicle_id: does not apply to failed_attempt',
    ]);
  });

  it('refuses a breakdown that ends when it starts, and a delivery in zero attempts', () => {
    const delivered = order('o-1').replace(/,,,,$/, ',2026-11-23T10:00:00Z,0,,');
    expect(problems({
      'orders.csv': [ORDER_HEADER, delivered, order('o-2')].join('\n'),
      'disruptions.csv': 'kind,at,vehicle_id,until\nvehicle_down,2026-11-23T11:00:00Z,veh-1,2026-11-23T11:00:00Z\n',
    })).toEqual([
      'orders.csv:2 attempts: is 0 but delivered_at says it was delivered',
      'disruptions.csv:2 until: is not after at 2026-11-23T11:00:00Z',
    ]);
  });

  it('bounds coordinates as the domain does', () => {
    expect(problems({ 'orders.csv': [ORDER_HEADER, order('o-1').replace('52.40,4.95', '91,4.95'), order('o-2').replace('52.40,4.95', '52.40,east')].join('\n') })).toEqual([
      'orders.csv:2 lat: must be at most 90',
      "orders.csv:3 lon: must be a number, got 'east'",
    ]);
  });
});

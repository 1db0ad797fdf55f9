/** A small good dataset for the loader's tests, written to a temporary directory with any file replaced or removed. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MANIFEST = { format: 'marshal.dataset/1', name: 'tiny', date: '2026-11-23', tenants: [{ id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'UTC' }] };
export const DEPOTS = 'id,tenant,name,lat,lon,opens_at,closes_at,dock_doors\ndc-n,acme,DC North,52.46,4.90,04:00,22:00,4\n';
export const FLEET = [
  'id,tenant,depot_id,kind,capacity_kg,capacity_m3,capacity_pallets,skills,shift_start,shift_end,fixed_cost_minor,cost_per_km_minor,cost_per_hour_minor,currency',
  'veh-1,acme,dc-n,van,1000,10,2,,2026-11-23T06:00:00Z,2026-11-23T16:00:00Z,6000,35,2800,EUR',
  'veh-2,acme,dc-n,rigid,7500,40,16,tail_lift;reefer,2026-11-23T10:00:00Z,2026-11-23T20:00:00Z,12000,65,3400,EUR',
].join('\n');
export const ORDER_HEADER = 'id,tenant,customer_id,depot_id,created_at,ready_at,lat,lon,address,weight_kg,volume_m3,windows,service_s,sla_tier,channel,value_minor,currency,delivered_at,attempts,carrier,cost_minor';
export const order = (id: string, windows = '2026-11-23T09:00:00Z/2026-11-23T11:00:00Z', weight = '12.5') =>
  `${id},acme,cus-1,dc-n,2026-11-23T01:00:00Z,2026-11-23T05:00:00Z,52.40,4.95,"Kerkstraat 1, Zaandam",${weight},0.2,${windows},300,priority,ecommerce,4599,EUR,,,,`;
export const DISRUPTIONS = 'kind,at,vehicle_id,order_id,reason,until,delay_s\nvehicle_down,2026-11-23T11:00:00Z,veh-1,,breakdown,2026-11-23T15:00:00Z,\nlate_pick,,,o-2,,,1800\nfailed_attempt,,,o-1,not_home,,\n';

export const CARRIERS = [
  'carrier_id,tenant,name,mode,currency,fuel_surcharge_pct,daily_capacity,max_weight_kg,delivered,on_time,lane_id,origin_depot_id,destination_zone,transit_s,base_minor,per_kg_minor,per_km_minor,min_charge_minor',
  'car-x,acme,Snelpost,parcel,EUR,4.5,400,31.5,2053,1886,car-x-n1,dc-n,N1,72000,450,35,0,550',
].join('\n');

/** The good dataset with `files` replacing its files; an empty text leaves the file out. */
export function datasetDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'marshal-dataset-'));
  const all: Record<string, string> = {
    'dataset.json': JSON.stringify(MANIFEST), 'depots.csv': DEPOTS, 'fleet.csv': FLEET,
    'orders.csv': [ORDER_HEADER, order('o-1'), order('o-2')].join('\n'), 'disruptions.csv': DISRUPTIONS, ...files,
  };
  for (const [name, text] of Object.entries(all)) if (text !== '') writeFileSync(join(dir, name), text);
  return dir;
}


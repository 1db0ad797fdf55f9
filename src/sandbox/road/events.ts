/** The CloudEvents the road sends, in the domain's event schemas, with ids fixed by what they report. */
import { type EventData, type EventType, type Location, type MarshalEvent, toIso } from '../../domain/index.ts';
import type { RoadConfig, RoadShipment } from './model.ts';

type EventOf<T extends EventType> = Extract<MarshalEvent, { type: T }>;
export type FailedReason = EventData<'driver.delivery.failed'>['reasonCode'];
export type DownReason = EventData<'telematics.vehicle.down'>['reason'];

/** The envelope of one event; the id names what happened, so a replayed or resumed day repeats it and the inbox dedupes. */
function envelope<T extends EventType>(config: RoadConfig, type: T, id: string, at: number, subject: string, data: EventData<T>): EventOf<T> {
  return { specversion: '1.0', id: `road-${id}`, source: config.source, type, time: toIso(at), subject, tenant: config.tenant, data } as unknown as EventOf<T>;
}

/** Where a vehicle is, as its telematics unit reports it. */
export function positionEvent(config: RoadConfig, vehicleId: string, at: number, location: Location, speedKph: number) {
  return envelope(config, 'telematics.position', `pos-${vehicleId}-${at}`, at, vehicleId, { vehicleId, at: toIso(at), location, speedKph });
}

/** Proof of delivery, captured at the end of the stop. */
export function podEvent(config: RoadConfig, s: RoadShipment, vehicleId: string, attempt: number, at: number) {
  return envelope(config, 'driver.pod.captured', `pod-${s.shipmentId}-${attempt}`, at, s.orderId, {
    shipmentId: s.shipmentId, orderId: s.orderId, vehicleId, deliveredAt: toIso(at), signedBy: `customer ${s.customerId}`, lines: s.lines,
  });
}

/** A failed delivery attempt, when the driver gives up at the door. */
export function failedEvent(config: RoadConfig, s: RoadShipment, vehicleId: string, attempt: number, at: number, reasonCode: FailedReason) {
  return envelope(config, 'driver.delivery.failed', `failed-${s.shipmentId}-${attempt}`, at, s.orderId, {
    shipmentId: s.shipmentId, orderId: s.orderId, vehicleId, at: toIso(at), reasonCode, note: `attempt ${attempt} failed: ${reasonCode.replace(/_/g, ' ')}`,
  });
}

/** The goods of a failed delivery handed back at the depot. */
export function returnEvent(config: RoadConfig, s: RoadShipment, vehicleId: string, depotId: string, at: number, reasonCode: FailedReason) {
  const reason = reasonCode === 'refused' ? 'refused' : reasonCode === 'damaged' ? 'damaged' : 'failed_delivery';
  return envelope(config, 'driver.return.initiated', `return-${s.shipmentId}-${vehicleId}-${at}`, at, s.orderId, {
    orderId: s.orderId, shipmentId: s.shipmentId, depotId, lines: s.lines, reason,
  });
}

/** A vehicle stopping where it is. */
export function downEvent(config: RoadConfig, vehicleId: string, at: number, location: Location, reason: DownReason, until: number | undefined) {
  return envelope(config, 'telematics.vehicle.down', `down-${vehicleId}-${at}`, at, vehicleId, {
    vehicleId, at: toIso(at), location, reason, ...(until === undefined ? {} : { expectedBackAt: toIso(until) }),
  });
}

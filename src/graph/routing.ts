/** The Orchestrator's routing table: which agents an event needs, in order. Deterministic, and tested as data. */
import type { AgentName, EventType } from '../domain/index.ts';

export const ROUTES: Record<EventType, readonly AgentName[]> = {
  'oms.order.created': ['capacity'],
  'erp.order.priority_changed': ['dispatch', 'customer'],
  'erp.inventory.posted': ['capacity'],
  'wms.pick.completed': ['dispatch', 'carrier', 'hub', 'customer'],
  'wms.task.exception': ['capacity', 'customer'],
  'telematics.vehicle.down': ['dispatch', 'carrier', 'hub', 'customer'],
  'telematics.position': ['customer'],
  'driver.delivery.failed': ['dispatch', 'hub', 'customer', 'carrier', 'settlement'],
  'driver.pod.captured': ['dispatch', 'hub', 'customer', 'settlement', 'carrier'],
  'driver.return.initiated': ['settlement'],
  'carrier.tender.rejected': ['carrier', 'customer'],
  'carrier.status': ['carrier', 'customer', 'settlement'],
  'carrier.invoice.received': ['settlement'],
};

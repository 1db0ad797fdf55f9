/** The ports Marshal talks to the outside world through, each a zod contract. */
export { CarrierInvoice, carrierContract, type CarrierPort, Quote, Tender } from './carrier.ts';
export { guardPort, type MethodContract, type PortContract, type PortImpl, type PortOf } from './contract.ts';
export { CustomerTerms, erpContract, type ErpPort, InTransit, Posting, PostingBody } from './erp.ts';
export { Message, notifyContract, type NotifyPort } from './notify.ts';
export { Allocation, omsContract, type OmsPort } from './oms.ts';
export { IdempotencyKey, Scoped } from './shared.ts';
export { telematicsContract, type TelematicsPort } from './telematics.ts';
export { DockBooking, ExpectedReturn, PickTask, wmsContract, type WmsPort } from './wms.ts';

import type { CarrierPort } from './carrier.ts';
import type { ErpPort } from './erp.ts';
import type { NotifyPort } from './notify.ts';
import type { OmsPort } from './oms.ts';
import type { TelematicsPort } from './telematics.ts';
import type { WmsPort } from './wms.ts';

/** Every system Marshal reaches, as one bundle handed to tools and the outbox. */
export interface Ports {
  erp: ErpPort;
  wms: WmsPort;
  oms: OmsPort;
  carrier: CarrierPort;
  telematics: TelematicsPort;
  notify: NotifyPort;
}

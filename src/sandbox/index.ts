/** The simulated world Marshal runs against offline: systems of record over SQLite, and the days they live through. */
export { openSandbox, type Sandbox } from './sandbox.ts';
export { CustomerAccount, InTransitStock, SandboxBehaviour, Scenario, SCENARIO_FORMAT } from './scenario.ts';
export { laneCharge } from './ports/carrier.ts';
export { applyEvent, receiveArrivals } from './world/apply.ts';
export { issueCarrierInvoice } from './world/billing.ts';
export { loadScenario } from './world/load.ts';
export { getMeta, type World } from './world/world.ts';
export {
  RoadSimulator, roadShipmentOf, roadVehicleOf, RoadConfig, RoadDisruption, RoadShipment, RoadVehicle,
  type RoadDisruptionInput, type RoadOptions, type RoadRoute, type VehicleSnapshot,
} from './road/index.ts';

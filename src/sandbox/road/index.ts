/** The road simulator: vehicles driving their plans in simulated time, sending the events a real fleet sends. */
export { RoadConfig, RoadDisruption, RoadShipment, RoadVehicle, type RoadConfigInput, type RoadDisruptionInput, type TravelModel } from './model.ts';
export { RoadSimulator, type RoadOptions, type RoadRoute, type VehicleSnapshot } from './simulator.ts';
export { roadShipmentOf, roadVehicleOf } from './adapt.ts';
export { defaultTravel } from './travel.ts';

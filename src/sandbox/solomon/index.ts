/** Solomon VRPTW instances as sandbox days. */
export { parseSolomon, type SolomonCustomer, type SolomonInstance } from './parse.ts';
export { solomonScenario } from './scenario.ts';

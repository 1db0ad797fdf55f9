/** The seeded sandbox-day generator. */
export { generateScenario, type GenerateOptions, serializeScenario } from './generate.ts';
export { calendarEpoch } from './calendar.ts';

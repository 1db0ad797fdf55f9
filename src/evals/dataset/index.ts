/** Replay datasets: the directory format, its loader, writer and importers. */
export { datasetFromScenario } from './import-sandbox.ts';
export { datasetFromSolomon } from './import-solomon.ts';
export { loadDataset, type LoadResult, MANIFEST_FILE } from './load.ts';
export { Dataset, DATASET_FORMAT, DatasetOrder, Disruption, HistoricalOutcome, Manifest } from './model.ts';
export { DatasetError, type DatasetProblem, formatProblem } from './problem.ts';
export { writeDataset } from './write.ts';

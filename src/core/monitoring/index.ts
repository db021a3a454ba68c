// The monitors themselves, drift reports between tables, and retraining.
export * from './monitors';
export * from './report';
export * from './retrain';
// Data-drift statistics (issue 7) with Evidently's defaults, on raw values or on bounded-memory
// profiles.
export { columnDrift, datasetDrift, columnsOf } from './column-drift';
export type { ColumnValues } from './column-drift';
export { profileColumnDrift, profileDatasetDrift } from './profile-drift';
export { ColumnProfile } from './column-profile';
export type { ColumnProfileData, ColumnProfileOptions, FrozenBins } from './column-profile';
export { TableProfile } from './table-profile';
export type { TableProfileData, TableProfileOptions, TableRecord } from './table-profile';
export { QuantileSketch } from './quantile-sketch';
export type { QuantileSketchData } from './quantile-sketch';
export type { TopCategory } from './top-categories';
export type {
  ColumnDriftOptions,
  ColumnDriftResult,
  DatasetDriftOptions,
  DatasetDriftResult,
  DriftBasis,
  DriftTest,
  DriftTestOptions,
  NoData,
} from './types';
export type { ColumnType, Value } from './values';
export { isMissing, numberOf } from './values';
export type { PValueCorrection } from './multiple-testing';
export { adjustPValues } from './multiple-testing';
// The statistics themselves, for callers that already hold clean samples.
export type { WeightedSample } from './weighted-sample';
export { sampleOfNumbers, sampleOfPairs } from './weighted-sample';
export { ksTwoSample, ksPValue, ksStatistic } from './kolmogorov-smirnov';
export type { KsMethod, KsResult } from './kolmogorov-smirnov';
export { kolmogorovSurvival } from './kolmogorov-distribution';
export { chiSquareTest } from './chi-square-test';
export { twoProportionZTest } from './z-test';
export type { CategoryCounts } from './category-counts';
export { categoryCountsOf } from './category-counts';
export { wassersteinDistance } from './wasserstein';
export { jensenShannonDistance, populationStabilityIndex } from './divergences';
export { fillEmptyShares, histogramCounts, sturgesBinEdges } from './binning';
export { columnHistogram, MAX_BINS, MAX_CATEGORIES, OTHER_LABEL } from './histogram';
export type { ColumnHistogram } from './histogram';
export { chiSquareSurvival, normalSurvival } from './special-functions';
export type { MonitorConfig } from './monitors/monitors-config';
export { loadMonitorsConfig } from './monitors/monitors-config';
export { readMonitorsSection } from './monitors/monitors-config';
export type { AlertingConfig } from './monitors/monitors-config';
export { parseModelSpec } from './monitors/reference';
export type { MonitorsConfigLoad } from './monitors/monitors-config';
export { parseMonitorsConfig } from './monitors/monitors-config';
export type { AlertRule } from './monitors/monitors-config';
export { parseCondition } from './monitors/monitors-config';
export { splitCommand } from './monitors/monitors-config';

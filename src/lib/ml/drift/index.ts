/** Drift statistics and reports (Evidently's defaults); the modules' public names, re-exported. */
export { driftReport, describeDrift, DEFAULT_SHARE_THRESHOLD, type DriftSample } from './dataset-drift';
export { columnDrift, CATEGORY_LIMIT } from './column-drift';
export { DRIFT_TESTS, DRIFT_TEST_NAMES, defaultDriftTest, SMALL_REFERENCE_ROWS, type DriftTestInfo } from './tests';
export { ksTwoSample, ksStatistic, type KsResult } from './ks';
export { wassersteinDistance, normedWasserstein } from './wasserstein';
export { chiSquareTest, chiSquareSurvival } from './chi-square';
export { zTest } from './z-test';
export { jensenShannonDistance } from './jensen-shannon';
export type * from './types';

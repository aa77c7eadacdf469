export { driftFromProfiles, defaultTest, sampleOf, SMALL_REFERENCE_ROWS, type DriftResult, type DriftColumnResult, type DriftColumnSide } from './drift.js';
export { renderDriftMarkdown } from './markdown.js';
export {
  ksTest,
  chiSquareTest,
  zTest,
  wassersteinTest,
  wassersteinDistance,
  jensenShannonTest,
  psiTest,
  lInfinityTest,
  runTest,
  defaultThreshold,
  type Sample,
  type NumericSample,
  type CategoricalSample,
  type StatResult,
} from './stattests.js';
export { ks2sampPValue, kolmogorovSf } from './ks.js';
export { chiSquareSf } from './special.js';
export { driftSettingsSchema, driftColumnRuleSchema, DRIFT_TESTS, type DriftSettings, type DriftSettingsInput, type DriftTestName, type DriftColumnRule } from '../config/drift.js';
export { loadDriftSides, DRIFT_DATA_EXACT_CAP, type DriftSourceSettings, type DriftSides } from './sources.js';

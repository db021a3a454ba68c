import { invalid } from '../../errors';
import { FEATURE_NAMES_KEY } from '../onnx';
import type { FrameLayout } from '../scoring/model-inputs';

/** The table layout a model's features are read from. */
export type FeatureInput = Extract<FrameLayout, { kind: 'table' }>;

/**
 * The data columns that feed the model, in its input's order: its `feature_names` metadata when it
 * has some, else every column but the label, in file order.
 */
export function featureColumns(features: FeatureInput, dataColumns: readonly string[], label: string): string[] {
  if (!dataColumns.includes(label)) throw invalid(`the data has no column "${label}" to take the labels from (its columns: ${list(dataColumns)})`);
  if (features.featureNames) {
    const missing = features.featureNames.filter((name) => !dataColumns.includes(name));
    if (missing.length > 0) throw invalid(`the data lacks the column(s) ${list(missing)} that the model takes (its ${FEATURE_NAMES_KEY}: ${list(features.featureNames)})`);
    return features.featureNames;
  }
  const columns = dataColumns.filter((c) => c !== label);
  if (features.featureCount !== null && columns.length !== features.featureCount) {
    throw invalid(
      `the model takes ${features.featureCount} features and names none (no ${FEATURE_NAMES_KEY} metadata), so every column but "${label}" feeds it in file order; the data has ${columns.length}: ${list(columns)}`,
    );
  }
  return columns;
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 12).map((n) => `"${n}"`).join(', ');
  return names.length > 12 ? `${shown} … (${names.length} in all)` : shown;
}

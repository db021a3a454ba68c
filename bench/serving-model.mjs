// The model the serving benchmarks serve: a logistic regression over the 8 features f0…f7.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

export const FEATURES = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7'];

/** Writes the model as ONNX to `path`, built by the project's own ONNX writer. */
export function writeModel(path) {
  const script = `import('${join(ROOT, 'src/core/models/onnx/index.ts')}').then((onnx) => {
    const { logisticRegressionModel } = onnx.default ?? onnx;
    const weights = [[0.8, -1.2, 0.3, 0.05, -0.7, 1.1, -0.4, 0.9]];
    require('node:fs').writeFileSync(${JSON.stringify(path)}, logisticRegressionModel({ weights, biases: [0.1], featureNames: ${JSON.stringify(FEATURES)} }));
  })`;
  execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, stdio: 'inherit' });
}

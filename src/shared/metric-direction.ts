/** Whether lower values of a metric are better, from its name: loss, error and time-like keys are. */
const LOWER_IS_BETTER = /(^|[_.\-/\s])(loss|error|err|mae|mse|rmse|mape|perplexity|time|latency|duration)$|^(loss|error|mae|mse|rmse|perplexity|latency)/i;

export function lowerIsBetter(key: string): boolean {
  return LOWER_IS_BETTER.test(key);
}

export function metricDirection(key: string): 'min' | 'max' {
  return lowerIsBetter(key) ? 'min' : 'max';
}

/** Whether lower values of a metric are better, guessed from its name (one rule for lenses, the compare panel and rankings). */
const LOWER_IS_BETTER = ['loss', 'error', 'mae', 'mse', 'rmse', 'mape', 'perplexity', 'time', 'latency', 'duration'];
const LOWER_WORD = new RegExp(`(?:^|[^a-z0-9])(?:${LOWER_IS_BETTER.join('|')})(?:[^a-z0-9]|$)|(?:${LOWER_IS_BETTER.join('|')})$`, 'i');

/** val_loss, error_rate, epoch_time and valLoss are lower-is-better; accuracy, f1, r2 are not. */
export function lowerIsBetter(key: string): boolean {
  return LOWER_WORD.test(key);
}

export function metricDirection(key: string): 'min' | 'max' {
  return lowerIsBetter(key) ? 'min' : 'max';
}

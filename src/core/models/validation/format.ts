/** A metric as people read it: at most four decimals, no trailing zeros (0.87, 0.9133, 12). */
export function formatNumber(value: number | null): string {
  if (value === null) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toFixed(4)));
}

/** A signed difference: +0.012, −0.0031, 0. */
export function formatDelta(value: number): string {
  const text = formatNumber(Math.abs(value));
  if (text === '0') return '0';
  return `${value > 0 ? '+' : '−'}${text}`;
}

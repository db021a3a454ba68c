/** The runtime's refusal to point a protected alias at an unvalidated version, in the extension's words (pure). */
const REFUSAL = /can only point at a version with a passing validation/;

/** The refusal minus its CLI advice, plus what to do in the UI; undefined for any other error. */
export function aliasRefusalMessage(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : undefined;
  if (!message || !REFUSAL.test(message)) return undefined;
  const reason = message.replace(/;\s*run mlops validate\b.*$/s, '').replace(/\.?\s*$/, '');
  return `${reason}. Validate it on held-out data, then set the alias again.`;
}

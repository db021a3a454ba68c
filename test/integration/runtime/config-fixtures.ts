/** Nested aliases: 10 × 10 × 10 × 10 × 10 values from a few lines ("billion laughs"). */
export const ALIAS_BOMB = [
  'version: 1',
  'x-a: &a [x, x, x, x, x, x, x, x, x, x]',
  'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'x-e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
  '',
].join('\n');


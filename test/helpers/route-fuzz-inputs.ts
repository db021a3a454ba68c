import fc from 'fast-check';

/** A name no real file has: a fuzz input that escaped the workspace would leave it on disk. */
export const ESCAPE_MARKER = 'mlops-fuzz-escaped-f15';

export interface FuzzRoute {
  method: string;
  pattern: string;
}

export interface FuzzRequest {
  method: string;
  /** Path and query, percent-encoded as sent. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Ids and names that exist in the fuzzed workspace, so some requests get past the lookups. */
export interface KnownValues {
  runIds: string[];
  experimentIds: string[];
  modelNames: string[];
  dataPaths: string[];
}

/** Keys the runtime's routes read, so random objects often carry a field a route looks at. */
const KEYS = [
  'name', 'new_name', 'version', 'run_id', 'run_uuid', 'experiment_id', 'experiment_ids', 'path', 'key', 'value', 'source', 'filter', 'max_results',
  'order_by', 'page_token', 'tags', 'metrics', 'params', 'alias', 'stage', 'stages', 'description', 'monitor', 'minutes', 'exitCode', 'labels',
  'report', 'run_ids', 'runs', 'dry_run', 'all_versions', 'since', 'limit', 'from', 'to', 'timestamp', 'step', 'start_time', 'end_time', 'status',
  'run_name', 'artifact_location', 'lifecycle_stage', 'view_type', 'metric_key', 'model_id', 'archive_existing_versions', 'inputs', 'datasets',
  'run_link', 'keys', 'downsample', 'max_points', 'artifact_uri',
];

const traversal = fc.constantFrom(
  `../${ESCAPE_MARKER}`,
  `../../${ESCAPE_MARKER}/x.txt`,
  `/tmp/${ESCAPE_MARKER}`,
  `file:///tmp/${ESCAPE_MARKER}`,
  `..\\..\\${ESCAPE_MARKER}`,
  `a/../../${ESCAPE_MARKER}`,
  `%2e%2e/${ESCAPE_MARKER}`,
  `.mlops/../../${ESCAPE_MARKER}`,
  '/etc/hostname',
  '/proc/self/environ',
  '.mlops',
  '.mlops/mlops.db',
  '',
  '.',
  '..',
);

const hugeString = fc.constantFrom('x'.repeat(5_000), 'é'.repeat(70_000), 'a/'.repeat(3_000), '💥'.repeat(20_000), 'y'.repeat(300_000));

const weirdNumber = fc.constantFrom(0, -1, 1.5, 1e308, -1e308, 2 ** 53, 2 ** 63, Number.MAX_SAFE_INTEGER, -0, 1e-320);

function scalar(known: KnownValues): fc.Arbitrary<unknown> {
  const knownValue = fc.constantFrom(...known.runIds, ...known.experimentIds, ...known.modelNames, ...known.dataPaths, '1', 'Production', 'champion');
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 3, arbitrary: knownValue },
    { weight: 2, arbitrary: traversal },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), weirdNumber) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: hugeString },
  );
}

function value(known: KnownValues): fc.Arbitrary<unknown> {
  const leaf = scalar(known);
  return fc.oneof(
    { weight: 5, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.array(fc.dictionary(fc.constantFrom(...KEYS), leaf, { maxKeys: 4 }), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** An object of keys routes read, with values of any type. */
function fieldObject(known: KnownValues): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }), value(known), { maxKeys: 6 });
}

/** JSON text nested `depth` arrays or objects deep. */
function nested(depth: number, kind: 'array' | 'object' | 'mixed'): string {
  if (kind === 'array') return '['.repeat(depth) + ']'.repeat(depth);
  if (kind === 'object') return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  return '{"metrics":'.repeat(depth / 2) + '['.repeat(depth / 2) + ']'.repeat(depth / 2) + '}'.repeat(depth / 2);
}

const depths = fc.constantFrom(100, 399, 400, 401, 5_000, 100_000);
const kinds = fc.constantFrom('array' as const, 'object' as const, 'mixed' as const);

function bodyText(known: KnownValues): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 8, arbitrary: fieldObject(known).map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom('null', '[]', '0', '"x"', 'true', '[null]', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}') },
    { weight: 1, arbitrary: fc.tuple(depths, kinds).map(([d, k]) => nested(d, k)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...KEYS), depths, kinds).map(([key, d, k]) => `{${JSON.stringify(key)}:${nested(d, k)}}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => JSON.stringify({ name: s, path: s, key: s, value: s })) },
  );
}

function segment(known: KnownValues): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
    { weight: 2, arbitrary: fc.constantFrom(...known.modelNames, '1', '0', 'x', '%', '%ZZ', 'é', '\u0000') },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(300), 'y'.repeat(5_000), ESCAPE_MARKER) },
  ).map((s) => (s === '%' || s === '%ZZ' ? s : encodeURIComponent(s)));
}

function wildcardPath(known: KnownValues): fc.Arbitrary<string> {
  const artifactRoot = fc.constantFrom(...known.experimentIds.flatMap((e) => known.runIds.map((r) => `${e}/${r}/artifacts`)), '0', 'nope');
  return fc.tuple(artifactRoot, fc.array(segment(known), { minLength: 0, maxLength: 4 })).map(([root, rest]) => [root, ...rest].join('/'));
}

function query(known: KnownValues): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.constantFrom(...KEYS), scalar(known).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? ''))), { maxLength: 5 })
    .map((pairs) => {
      const params = new URLSearchParams();
      for (const [k, v] of pairs) params.append(k, v.length > 2_000 ? v.slice(0, 2_000) : v);
      const text = params.toString();
      return text ? `?${text}` : '';
    });
}

/** One random request for a route: its path params filled in, a random query, a random body. */
export function requestFor(route: FuzzRoute, known: KnownValues): fc.Arbitrary<FuzzRequest> {
  const parts = route.pattern.split('/').filter(Boolean);
  const path = fc.tuple(...parts.map((p) => (p === '*' ? wildcardPath(known) : p.startsWith(':') ? segment(known) : fc.constant(p)))).map((ps) => `/${ps.join('/')}`);
  const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', undefined, 'application/octet-stream');
  return fc.record({ path, query: query(known), body: bodyText(known), contentType }).map(({ path: p, query: q, body, contentType: type }) => ({
    method: route.method,
    path: p + q,
    headers: type ? { 'content-type': type } : ({} as Record<string, string>),
    ...(body !== undefined && { body }),
  }));
}

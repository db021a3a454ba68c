import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { classifier, FEATURES, startTestServer } from './fixtures';
import type { TestServer } from './fixtures';

const numberText = fc.oneof(
  fc.double({ min: -50, max: 50, noNaN: true }).map((x) => x.toFixed(4)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('-0', '1e-3', '2.5E+2', '1e400', '0.30000000000000004'),
);

/** A body's number texts as JSON numbers (the fast path) and as JSON strings (the general path, which converts them with Number()). */
function bodies(key: string, columns: string[] | null, rows: string[][]): [string, string] {
  const write = (quote: string) => {
    const list = `[${rows.map((row) => `[${row.map((n) => `${quote}${n}${quote}`).join(',')}]`).join(',')}]`;
    return key === 'dataframe_split' ? `{"dataframe_split":{"columns":${JSON.stringify(columns)},"data":${list}}}` : `{"${key}":${list}}`;
  };
  return [write(''), write('"')];
}

describe('the numeric fast path answers as the general path does', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(classifier(3).bytes);
  });
  after(() => server.shutdown());

  it('same status and same bytes, for fitting bodies and refused ones (columns missing or reordered, wrong widths)', async () => {
    const columnsOf = fc.oneof(
      fc.constant(FEATURES),
      fc.shuffledSubarray(FEATURES, { minLength: 1, maxLength: 8 }),
      fc.constant<string[]>([...FEATURES, 'extra']),
      fc.constant(FEATURES.map((f) => f.toUpperCase())),
    );
    const cases = fc.oneof(
      columnsOf.chain((columns) => fc.tuple(fc.constant('dataframe_split'), fc.constant(columns), fc.array(fc.array(numberText, { minLength: columns.length, maxLength: columns.length }), { minLength: 1, maxLength: 20 }))),
      fc.tuple(fc.constantFrom('inputs', 'instances'), fc.constant(null), fc.integer({ min: 7, max: 9 }).chain((w) => fc.array(fc.array(numberText, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 20 }))),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([key, columns, rows]) => {
        const [fast, general] = bodies(key, columns, rows);
        const [a, b] = [await server.invoke(fast), await server.invoke(general)];
        assert.equal(a.status, b.status, `${fast}\n${a.text}\n${b.text}`);
        assert.equal(a.text, b.text, fast);
      }),
      { numRuns: 80 },
    );
  });

  it('logs the body as sent and the answer’s predictions', async () => {
    const body = `{"dataframe_split": {"columns": ${JSON.stringify(FEATURES)}, "data": [[1, 2, 3, 4, 5, 6, 7, 8.5], [0, 0, 0, 0, 0, 0, 0, -1e-3]]}}`;
    const answer = await server.invoke(body, { 'x-request-id': 'numeric-1' });
    assert.equal(answer.status, 200);
    await server.shutdown();
    const record = (await server.records()).find((r) => r.request_id === 'numeric-1');
    assert.deepEqual(record?.request, JSON.parse(body));
    assert.equal(record?.format, 'dataframe_split');
    assert.equal(record?.rows, 2);
    assert.deepEqual(record?.predictions, (JSON.parse(answer.text) as { predictions: unknown }).predictions);
  });
});

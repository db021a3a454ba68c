import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsOf, parseLabelTable } from '../../../src/extension/monitors/label-file';

describe('Add Labels… reads a file of true labels', () => {
  it('reads CSV with quotes, keeps numbers numeric, and joins the rows of one request into a list in file order', () => {
    const table = parseLabelTable('truth.csv', 'req,"true weather",note\nr1,sun,"a, b"\nr2,12.5,\nr2,7,\n,rain,\nr3,,\n');
    assert.deepEqual(table.columns, ['req', 'true weather', 'note']);
    assert.equal(table.rows[0]!.note, 'a, b');
    assert.deepEqual(labelsOf(table, 'req', 'true weather'), {
      labels: [
        { request_id: 'r1', label: 'sun' },
        { request_id: 'r2', label: [12.5, 7] },
      ],
      skipped: 2,
    });
  });

  it('reads JSONL and TSV, and says which JSONL line is not an object', () => {
    assert.deepEqual(labelsOf(parseLabelTable('t.jsonl', '{"id":"a","y":1}\n{"id":"b","y":"x"}\n'), 'id', 'y').labels, [
      { request_id: 'a', label: 1 },
      { request_id: 'b', label: 'x' },
    ]);
    assert.deepEqual(parseLabelTable('t.tsv', 'id\ty\na\t1\n').rows, [{ id: 'a', y: '1' }]);
    assert.throws(() => parseLabelTable('t.jsonl', '{"id":"a"}\n[1]\n'), /line 2 of t\.jsonl is not a JSON object/);
  });
});

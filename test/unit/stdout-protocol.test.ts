import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStdoutLine } from '../../src/core/tracking';

describe('stdout logging protocol', () => {
  it('reads metric lines with several metrics and a step', () => {
    assert.deepEqual(parseStdoutLine('mlops:metric loss=0.25 accuracy=0.91 step=3'), {
      kind: 'metrics',
      metrics: [{ key: 'loss', value: 0.25 }, { key: 'accuracy', value: 0.91 }],
      step: 3,
    });
  });

  it('reads NaN and infinities, params and quoted tag values', () => {
    const m = parseStdoutLine('  mlops:metric a=nan b=inf c=-Infinity');
    assert.ok(m?.kind === 'metrics' && Number.isNaN(m.metrics[0]!.value) && m.metrics[1]!.value === Infinity && m.metrics[2]!.value === -Infinity);
    assert.deepEqual(parseStdoutLine('mlops:param lr=0.1 model=tree'), { kind: 'params', params: [{ key: 'lr', value: '0.1' }, { key: 'model', value: 'tree' }] });
    assert.deepEqual(parseStdoutLine('mlops:tag note="two words"'), { kind: 'tags', tags: [{ key: 'note', value: 'two words' }] });
  });

  it('ignores every other line, and metrics that are not numbers', () => {
    for (const line of ['loss=0.2', 'epoch 1 mlops:metric x=1', 'mlops:metric', 'mlops:metric loss=abc', 'mlops:metrics loss=1']) {
      assert.equal(parseStdoutLine(line), undefined, line);
    }
  });
});

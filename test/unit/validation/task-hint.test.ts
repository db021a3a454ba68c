import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatClasses, hintOfMetadata, hintOfTags, parseClasses, planOutputs, tagsOfHint } from '../../../src/core/models';
import { readOnnxNodes, readOnnxSignature } from '../../../src/core/models';
import { sigmoidModel, softmaxPairModel, zipMapModel } from '../onnx/converter-models';

const plan = (bytes: Uint8Array, hint = {}) => planOutputs(readOnnxSignature(bytes), readOnnxNodes(bytes), hint);

describe('task hints', () => {
  it('classes: "a,b,c", integers as numbers, JSON arrays; refused when fewer than two or repeated', () => {
    assert.deepEqual(parseClasses('cat, dog ,bird'), ['cat', 'dog', 'bird']);
    assert.deepEqual(parseClasses('0,1,2'), [0, 1, 2]);
    assert.deepEqual(parseClasses('["1","2"]'), ['1', '2']);
    assert.throws(() => parseClasses('a'), /at least two classes/);
    assert.throws(() => parseClasses('a,a'), /repeat a class/);
    assert.throws(() => parseClasses('a,,b'), /empty one/);
  });

  it('round-trips through version tags; number-like strings and commas as JSON', () => {
    for (const classes of [['neg', 'pos'], [0, 1, 2], ['1', '2'], ['a,b', 'c']]) {
      assert.deepEqual(hintOfTags(tagsOfHint({ task: 'classification', classes })), { task: 'classification', classes });
    }
    assert.equal(formatClasses(['neg', 'pos']), 'neg,pos');
    assert.deepEqual(hintOfTags([{ key: 'mlops.task', value: 'nonsense' }]), {});
  });

  it('model metadata: task and classes (or our builders\' class_labels)', () => {
    assert.deepEqual(hintOfMetadata({ task: 'Classification', classes: 'a,b' }), { task: 'classification', classes: ['a', 'b'] });
    assert.deepEqual(hintOfMetadata({ class_labels: '[3,4]' }), { classes: [3, 4] });
    assert.deepEqual(hintOfMetadata({ task: 'ranking', classes: 'x' }), {});
  });
});

describe('output plans', () => {
  it('[N, C ≥ 2] alone is open; [N, 1] is a regressor unless told; a hint or metadata decides', () => {
    assert.equal(plan(softmaxPairModel()).task, null);
    assert.deepEqual(plan(softmaxPairModel(), { task: 'classification' }), { task: 'classification', source: 'scores', scores: 'output', classes: null, extraOutputs: [] });
    assert.equal(plan(softmaxPairModel({ classes: 'a,b' })).task, 'classification');
    assert.equal(plan(sigmoidModel()).task, 'regression');
    assert.equal(plan(sigmoidModel(), { task: 'classification' }).task, 'classification');
  });

  it('ZipMap: the tensor feeding it is fetched as an extra output, its classlabels are the classes', () => {
    const zip = plan(zipMapModel({ strings: ['a', 'b', 'c'] }));
    assert.equal(zip.task, 'classification');
    assert.deepEqual(zip.task === 'classification' && zip.source === 'labelled' && { probabilities: zip.probabilities, zipmap: zip.zipmap, classes: zip.classes, extra: zip.extraOutputs.map((o) => o.name) }, {
      probabilities: 'probability_tensor',
      zipmap: 'output_probability',
      classes: ['a', 'b', 'c'],
      extra: ['probability_tensor'],
    });
  });
});

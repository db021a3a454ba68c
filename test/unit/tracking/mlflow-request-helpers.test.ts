import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sourcePath } from '../../../src/runtime/routes/mlflow/data-link';
import { isStrictMlflowPath, wrongType } from '../../../src/runtime/routes/mlflow/param-types';
import { resolveArtifactLocation } from '../../../src/core/tracking';

describe('sourcePath: the local path an MLflow dataset source names', () => {
  it('reads MLflow JSON sources, file URIs and bare paths; other URIs name nothing local', () => {
    assert.equal(sourcePath('{"uri": "/ws/data/train.csv"}'), '/ws/data/train.csv');
    assert.equal(sourcePath('{"path": "data/x"}'), 'data/x');
    assert.equal(sourcePath('file:///ws/data/a%20b.csv'), '/ws/data/a b.csv');
    assert.equal(sourcePath('data/train.csv'), 'data/train.csv');
    for (const other of ['s3://b/k', '{"url": "https://x/y.csv"}', '{"tags": {}}', '{broken', '', 'a\0b']) assert.equal(sourcePath(other), undefined, other);
  });
});

describe('wrongType: MLflow words for a JSON value of the wrong type', () => {
  it('quotes the value as written with its Python type', () => {
    assert.match(wrongType('name', 123, '{"name": 123}').message, /^Invalid value 123 for parameter 'name' supplied\. Hint: Value was of type 'int'\. See the API docs/);
    assert.match(wrongType('artifact_location', 9, '{"artifact_location": 9.0}').message, /Invalid value 9\.0 .* of type 'float'/);
    assert.match(wrongType('tags', '5', '').message, /Invalid value "5" for parameter 'tags' supplied\. Hint: Value was of type 'str'/);
    assert.match(wrongType('x', { b: 1, a: [true] }, '').message, /Invalid value \{"a":\[true\],"b":1\} .* of type 'dict'/);
  });

  it('applies to the tracking routes, not the registry ones', () => {
    assert.equal(isStrictMlflowPath('/api/2.0/mlflow/experiments/create'), true);
    assert.equal(isStrictMlflowPath('/ajax-api/2.0/mlflow/runs/log-inputs'), true);
    assert.equal(isStrictMlflowPath('/api/2.0/mlflow/registered-models/create'), false);
    assert.equal(isStrictMlflowPath('/api/2.0/mlflow/model-versions/get'), false);
    assert.equal(isStrictMlflowPath('/api/data/add'), false);
  });
});

describe('resolveArtifactLocation', () => {
  it('keeps URIs and absolute paths, makes relative paths absolute inside the workspace', () => {
    assert.equal(resolveArtifactLocation(undefined, '/ws'), undefined);
    assert.equal(resolveArtifactLocation('s3://b/p', '/ws'), 's3://b/p');
    assert.equal(resolveArtifactLocation('/abs', '/ws'), '/abs');
    assert.equal(resolveArtifactLocation('rel/dir', '/ws'), '/ws/rel/dir');
    assert.throws(() => resolveArtifactLocation('../out', '/ws'), /outside|leaves|refused/i);
    assert.throws(() => resolveArtifactLocation('https://h/p#f', '/ws'), /can't include fragments or params/);
  });
});

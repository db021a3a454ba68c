import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachment } from '../../src/runtime/http/content-disposition';
import { artifactMimeType } from '../../src/runtime/http/mime-type';

describe('Content-Disposition of artifact downloads', () => {
  it('names the file as MLflow’s server does: plain tokens unquoted, others quoted, non-ASCII as filename*', () => {
    assert.equal(attachment('model.onnx'), 'attachment; filename=model.onnx');
    assert.equal(attachment('dog%step%100%timestamp%100'), 'attachment; filename=dog%step%100%timestamp%100');
    assert.equal(attachment('my report "v2".txt'), 'attachment; filename="my report \\"v2\\".txt"');
    assert.equal(attachment('données.csv'), `attachment; filename="donn_es.csv"; filename*=UTF-8''donn%C3%A9es.csv`);
    assert.equal(attachment('a\nb'), `attachment; filename="a_b"; filename*=UTF-8''a%0Ab`);
    assert.equal(attachment(''), 'attachment');
  });
});

describe('Content-Type of artifact downloads', () => {
  it('is MLflow’s: text/plain for its text extensions and names, the usual types for images and PDFs, binary otherwise', () => {
    assert.equal(artifactMimeType('run/artifacts/a.txt'), 'text/plain');
    assert.equal(artifactMimeType('model/MLmodel'), 'text/plain');
    assert.equal(artifactMimeType('mlproject'), 'text/plain');
    assert.equal(artifactMimeType('metrics.json'), 'text/plain');
    assert.equal(artifactMimeType('c.png'), 'image/png');
    assert.equal(artifactMimeType('d.pdf'), 'application/pdf');
    assert.equal(artifactMimeType('model/model.onnx'), 'application/octet-stream');
    assert.equal(artifactMimeType('.hidden'), 'application/octet-stream');
  });
});

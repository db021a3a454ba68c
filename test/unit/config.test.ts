import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIG_SKELETON, parseConfig } from '../../src/core/workspace';

describe('mlops.yaml parsing', () => {
  it('accepts the skeleton written by init', () => {
    assert.deepEqual(parseConfig(CONFIG_SKELETON), { config: { version: 1, data: { track: [] } }, errors: [] });
  });

  it('reads tracked paths', () => {
    assert.deepEqual(parseConfig('data:\n  track: [data/, "models/*.onnx"]\n').config.data.track, ['data/', 'models/*.onnx']);
  });

  it('reports YAML syntax errors with their line', () => {
    const { errors } = parseConfig('version: 1\ndata:\n  track: [a\n  b: }\n');
    assert.ok(errors.length > 0);
    assert.match(errors[0]!, /^mlops\.yaml:\d+: /);
  });

  it('reports a wrong shape with the line of the offending key', () => {
    assert.deepEqual(parseConfig('version: 1\n\ndata:\n  track: 5\n').errors, ['mlops.yaml:4: data.track must be a list of paths or globs']);
    assert.deepEqual(parseConfig('version: 2\n').errors, ['mlops.yaml:1: version must be 1']);
    assert.deepEqual(parseConfig('- a\n- b\n').errors, ['mlops.yaml:1: the top level must be a mapping (key: value)']);
  });

  it('treats an empty file as the defaults', () => {
    assert.deepEqual(parseConfig(''), { config: { version: 1, data: { track: [] } }, errors: [] });
  });

  it('reads the data remote and how many versions gc keeps', () => {
    const { config, errors } = parseConfig('data:\n  track: [data/]\n  remote: ../remote\n  gc:\n    keep: 3\n');
    assert.deepEqual(errors, []);
    assert.deepEqual(config.data, { track: ['data/'], remote: '../remote', gc: { keep: 3 } });
    assert.deepEqual(parseConfig('data:\n  gc: {}\n').config.data, { track: [] });
  });

  it('reports a bad remote or gc keep with the line of the offending key', () => {
    assert.deepEqual(parseConfig('data:\n  remote: [a, b]\n').errors, ['mlops.yaml:2: data.remote must be the path of a directory (or a file:// URL)']);
    assert.deepEqual(parseConfig('data:\n  remote: "  "\n').errors, ['mlops.yaml:2: data.remote must be the path of a directory (or a file:// URL)']);
    assert.deepEqual(parseConfig('data:\n  gc: 5\n').errors, ['mlops.yaml:2: data.gc must be a mapping (e.g. keep: 5)']);
    for (const keep of ['0', '-1', '2.5', 'all']) {
      assert.deepEqual(parseConfig(`data:\n  track: []\n  gc:\n    keep: ${keep}\n`).errors, ['mlops.yaml:4: data.gc.keep must be a positive integer (how many recent versions of each dataset gc keeps)'], keep);
    }
  });

  it('reads how the cache shares bytes, and refuses links an editor save would corrupt', () => {
    assert.equal(parseConfig('data:\n  link: copy\n').config.data.link, 'copy');
    assert.equal(parseConfig('data:\n  link: reflink\n').config.data.link, 'reflink');
    assert.match(parseConfig('data:\n  track: []\n  link: hardlink\n').errors[0]!, /^mlops\.yaml:3: data\.link hardlink would make the workspace file and the cache object one file/);
    assert.deepEqual(parseConfig('data:\n  link: fast\n').errors, ['mlops.yaml:2: data.link must be reflink or copy']);
  });
});

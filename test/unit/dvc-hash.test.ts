import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dirManifest, formatPointer, md5Bytes, pythonJsonString } from '../../src/core/data';

describe('DVC 3 formats', () => {
  it('hashes a file as the md5 of its raw bytes', () => {
    assert.equal(md5Bytes('foo'), 'acbd18db4cc2f85cedef654fccc4a4d8');
    assert.notEqual(md5Bytes('a\r\nb'), md5Bytes('a\nb'), 'no line-ending normalisation');
  });

  it('hashes a directory as DVC does: the sorted manifest, json.dumps(sort_keys=True), + .dir', () => {
    const { bytes, md5 } = dirManifest([
      { relpath: 'foo', md5: md5Bytes('foo') },
      { relpath: 'bar', md5: md5Bytes('bar') },
    ]);
    assert.equal(bytes.toString(), '[{"md5": "37b51d194a7513e45b56f6524f2d51f2", "relpath": "bar"}, {"md5": "acbd18db4cc2f85cedef654fccc4a4d8", "relpath": "foo"}]');
    assert.equal(md5, '5ea40360f5b4ec688df672a4db9c17d1.dir');
    assert.equal(dirManifest([]).bytes.toString(), '[]');
  });

  it('escapes like Python: non-ASCII as \\uXXXX, astral characters as surrogate pairs', () => {
    assert.equal(pythonJsonString('café/😀 "q" \\ \t\n\u0001\u007f'), '"caf\\u00e9/\\ud83d\\ude00 \\"q\\" \\\\ \\t\\n\\u0001\u007f"');
  });

  it('sorts relpaths by code point, as Python does', () => {
    const { bytes } = dirManifest([
      { relpath: '\uffff', md5: 'a'.repeat(32) },
      { relpath: '😀', md5: 'b'.repeat(32) },
      { relpath: 'Z/a', md5: 'c'.repeat(32) },
      { relpath: 'a', md5: 'd'.repeat(32) },
    ]);
    const order = [...bytes.toString().matchAll(/"relpath": "([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(order, ['Z/a', 'a', '\\uffff', '\\ud83d\\ude00']);
  });

  it('writes pointer files in DVC\'s key order', () => {
    assert.equal(formatPointer({ md5: 'acbd18db4cc2f85cedef654fccc4a4d8', size: 3, hash: 'md5', path: 'foo' }), 'outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: foo\n');
    assert.equal(
      formatPointer({ md5: '5ea40360f5b4ec688df672a4db9c17d1.dir', size: 6, nfiles: 2, hash: 'md5', path: 'data', isexec: true }),
      'outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: data\n  isexec: true\n',
    );
    assert.match(formatPointer({ md5: 'a'.repeat(32), size: 1, path: '2024' }), /path: "2024"/);
    assert.match(formatPointer({ md5: 'a'.repeat(32), size: 1, path: 'weather 2024.csv' }), /path: weather 2024.csv\n/);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { datasetKey, locateInside } from '../../src/core/data';
import { DomainError } from '../../src/core/errors';
import { confine, isPlainRelative, isWithin, joinInside } from '../../src/core/workspace';
import { FUZZ, hostilePath, plantLinks, realTarget } from '../helpers/hostile-paths';
import { tempDir } from '../helpers/temp';

/** `root` sits six levels below `outer`, so every path the generator makes stays inside `outer`. */
function sandbox(): { outer: string; root: string } {
  const outer = realpathSync(tempDir('mlops-confine-'));
  const root = join(outer, 'l1', 'l2', 'l3', 'l4', 'l5', 'root');
  mkdirSync(root, { recursive: true });
  plantLinks(outer, root);
  return { outer, root };
}

/** Runs `fn`; a refusal must be a DomainError with a message, anything else thrown fails the property. */
function refusedOr<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    assert.ok(error instanceof DomainError, `not a DomainError: ${(error as Error).stack}`);
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE');
    assert.ok(error.message.length > 0);
    return undefined;
  }
}

const inside = (root: string, abs: string): boolean => {
  const real = realTarget(abs);
  return real === 'loop' || isWithin(root, real);
};

describe('confine', () => {
  const { outer, root } = sandbox();

  it('never returns a path that leaves the root, lexically or through a symlink (dangling too)', () => {
    fc.assert(
      fc.property(hostilePath(outer), fc.constantFrom(root, join(root, 'sub'), join(root, 'sub', 'deep')), (path, base) => {
        const got = refusedOr(() => confine(root, path, 'fuzz', base));
        if (!got) return;
        assert.ok(isWithin(root, got.abs), `${JSON.stringify(path)} → ${got.abs}`);
        assert.ok(inside(root, got.abs), `${JSON.stringify(path)} → ${got.abs} really leads to ${realTarget(got.abs)}`);
        assert.equal(got.rel, relative(root, got.abs).split(sep).join('/'));
      }),
      FUZZ,
    );
  });

  it('joinInside only joins plain relative paths, and the result is below the folder', () => {
    fc.assert(
      fc.property(hostilePath(outer), (path) => {
        const got = refusedOr(() => joinInside(root, path, 'fuzz'));
        assert.equal(got !== undefined, isPlainRelative(path));
        if (got) assert.ok(isWithin(root, got) && got !== root, `${JSON.stringify(path)} → ${got}`);
      }),
      FUZZ,
    );
  });

  it('the data paths (datasetKey + locateInside) stay inside and out of .mlops, .git and .dvc', () => {
    fc.assert(
      fc.property(hostilePath(outer), (path) => {
        const got = refusedOr(() => locateInside(root, datasetKey(root, path), 'fuzz'));
        if (!got) return;
        const real = realTarget(got);
        assert.ok(real === 'loop' || (isWithin(root, real) && real !== root), `${JSON.stringify(path)} → ${got} → ${real}`);
        if (real !== 'loop') assert.ok(!/^\.(mlops|git|dvc)(\/|$)/.test(relative(root, real)), `${JSON.stringify(path)} → ${real}`);
      }),
      FUZZ,
    );
  });

  it('refuses the planted cases by name, and accepts ..foo', () => {
    for (const path of ['out/x', 'dang', 'sub/up/x', '../x', '/etc/passwd', 'a\0b', '']) assert.equal(refusedOr(() => confine(root, path, 'case')), undefined, path);
    for (const path of ['..foo', '..foo/x', 'in/x', 'dangin', 'sub/deep/new']) assert.ok(refusedOr(() => confine(root, path, 'case')), path);
    assert.throws(() => confine(root, 'dang', 'the pointer x.dvc'), { message: /^the pointer x\.dvc: 'dang' leads through a symbolic link to .*nowhere\/x, outside / });
  });
});

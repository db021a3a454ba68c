import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/core/errors';
import { ModelRegistry } from '../../../src/core/registry';
import type { AliasPolicy, RegistryChange } from '../../../src/core/registry';
import { Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import { tempDir } from '../../helpers/temp';
import { writeOnnx } from './fixtures';

describe('protected aliases: the policy hook of the registry', () => {
  it('asks the injected policy before an alias moves, and a refusal leaves the alias where it was', async () => {
    const root = tempDir();
    const store = Store.open(join(root, '.mlops', 'mlops.db'));
    const calls: [string, string, number][] = [];
    const changes: RegistryChange[] = [];
    const policy: AliasPolicy = (name, alias, version) => {
      calls.push([name, alias, version]);
      if (alias === 'champion' && version === 2) throw new DomainError('INVALID_STATE', `version ${version} of ${name} has no passing validation`);
    };
    const registry = new ModelRegistry(store, {
      tracking: new Tracking(store, join(root, '.mlops', 'artifacts')),
      storageRoot: ModelRegistry.storageRoot(join(root, '.mlops')),
      workspaceRoot: root,
      aliasPolicy: policy,
      notify: (change) => changes.push(change),
    });
    try {
      const file = writeOnnx(root);
      await registry.createVersion({ name: 'iris', source: file, createModel: true });
      await registry.createVersion({ name: 'iris', source: file });
      registry.setAlias('iris', 'champion', '1');
      const notified = changes.length;
      assert.throws(
        () => registry.setAlias('iris', 'champion', '2'),
        (error: unknown) => error instanceof DomainError && error.code === 'INVALID_STATE' && /no passing validation/.test(error.message),
      );
      assert.equal(changes.length, notified, 'a refused move notifies nobody');
      registry.setAlias('iris', 'challenger', 2);
      assert.deepEqual(calls, [['iris', 'champion', 1], ['iris', 'champion', 2], ['iris', 'challenger', 2]]);
      assert.equal(registry.versionByAlias('iris', 'champion').version, 1);
      assert.deepEqual(registry.getModel('iris').aliases, [{ alias: 'challenger', version: 2 }, { alias: 'champion', version: 1 }]);
    } finally {
      store.close();
    }
  });

  it('allows every alias when no policy is given', async () => {
    const root = tempDir();
    const store = Store.open(join(root, '.mlops', 'mlops.db'));
    const registry = new ModelRegistry(store, { tracking: new Tracking(store, join(root, 'artifacts')), storageRoot: join(root, 'models'), workspaceRoot: root });
    try {
      await registry.createVersion({ name: 'm', source: writeOnnx(root), createModel: true });
      registry.setAlias('m', 'champion', 1);
      assert.deepEqual(registry.versionByAlias('m', 'champion').aliases, ['champion']);
    } finally {
      store.close();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/core/errors';
import { protectedAliasPolicy } from '../../../src/core/models';
import { parseModelsConfig } from '../../../src/core/registry';

const failed = { passed: false, metrics: {}, checks: [{ name: 'accuracy>=0.9', expected: '>= 0.9', actual: 0.87, passed: false, reason: '' }, { name: 'f1>=0.5', expected: '>= 0.5', actual: 0.6, passed: true, reason: '' }] };
const passed = { passed: true, metrics: {}, checks: [] };

describe('protected aliases', () => {
  const stored: Record<number, unknown> = { 2: passed, 3: failed };
  const policy = protectedAliasPolicy({ protectedAliases: ['champion'] }, (_name, version) => stored[version] ?? null);

  it('a protected alias points only at a version with a passing validation', () => {
    assert.doesNotThrow(() => policy('churn', 'champion', 2));
    assert.throws(
      () => policy('churn', 'champion', 3),
      (e: unknown) => e instanceof DomainError && e.code === 'INVALID_STATE' && e.message === 'champion can only point at a version with a passing validation: version 3 failed accuracy>=0.9 (0.87)',
    );
    assert.throws(() => policy('churn', 'champion', 4), /version 4 has no validation; run mlops validate churn@4 --data FILE --label COLUMN/);
  });

  it('other aliases are free', () => {
    assert.doesNotThrow(() => policy('churn', 'challenger', 3));
  });

  it('mlops.yaml models.protected_aliases: default [champion], a list, or none', () => {
    assert.deepEqual(parseModelsConfig('version: 1\n').config.protectedAliases, ['champion']);
    assert.deepEqual(parseModelsConfig('models:\n  protected_aliases: [prod, champion]\n').config.protectedAliases, ['prod', 'champion']);
    assert.deepEqual(parseModelsConfig('models:\n  protected_aliases: []\n').config.protectedAliases, []);
    const bad = parseModelsConfig('version: 1\nmodels:\n  protected_aliases: champion\n');
    assert.deepEqual(bad.config.protectedAliases, ['champion']);
    assert.deepEqual(bad.errors, ['mlops.yaml:3: models.protected_aliases must be a list of alias names (letters, digits, _ and -)']);
    assert.deepEqual(parseModelsConfig('models: 3\n').errors, ['mlops.yaml:1: models must be a mapping (e.g. protected_aliases: [champion])']);
  });
});

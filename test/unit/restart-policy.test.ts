import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../../src/extension/connection/restart-policy';

describe('RestartPolicy', () => {
  it('allows 4 restarts within 3 minutes, then refuses', () => {
    const policy = new RestartPolicy();
    const t0 = 1_000_000;
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => policy.allowRestart(t0 + i * 1000)), [true, true, true, true, false]);
  });

  it('forgets crashes older than the window', () => {
    const policy = new RestartPolicy(4, 180_000);
    for (let i = 0; i < 4; i++) assert.ok(policy.allowRestart(i));
    assert.equal(policy.allowRestart(179_000), false);
    assert.equal(policy.allowRestart(180_001), true);
  });

  it('starts over after a reset (the user restarted by hand)', () => {
    const policy = new RestartPolicy(1, 1000);
    assert.ok(policy.allowRestart(0));
    assert.equal(policy.allowRestart(1), false);
    policy.reset();
    assert.ok(policy.allowRestart(2));
  });
});

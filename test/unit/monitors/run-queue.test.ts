import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunQueue } from '../../../src/runtime/monitoring/run-queue';
import { until } from '../../helpers/until';

/** A job that runs until released; records the order in which jobs start. */
function gatedWork() {
  const started: string[] = [];
  const gates: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  const work = async (name: string): Promise<string> => {
    started.push(name);
    maxRunning = Math.max(maxRunning, ++running);
    await new Promise<void>((resolve) => gates.push(resolve));
    running--;
    if (name === 'bad') throw new Error('bad data');
    return `${name}#${started.filter((n) => n === name).length}`;
  };
  const releaseNext = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
  };
  return { work, started, releaseNext, maxRunning: () => maxRunning };
}

describe('the monitor run queue', () => {
  it('runs one job at a time, first asked first run', async () => {
    const gated = gatedWork();
    const queue = new RunQueue(gated.work);
    const results = Promise.all([queue.request('a'), queue.request('b'), queue.request('c')]);
    for (let i = 0; i < 3; i++) await gated.releaseNext();
    assert.deepEqual(await results, ['a#1', 'b#1', 'c#1']);
    assert.deepEqual(gated.started, ['a', 'b', 'c']);
    assert.equal(gated.maxRunning(), 1);
  });

  it('coalesces requests made while a run is under way into one follow-up', async () => {
    const gated = gatedWork();
    const queue = new RunQueue(gated.work);
    const first = queue.request('a');
    await until('a runs', () => queue.running === 'a');
    const followUps = [queue.request('a'), queue.request('a'), queue.request('a')];
    await gated.releaseNext();
    await gated.releaseNext();
    assert.equal(await first, 'a#1');
    assert.deepEqual(await Promise.all(followUps), ['a#2', 'a#2', 'a#2']);
    assert.deepEqual(gated.started, ['a', 'a']);
  });

  it('fails only the requests of a failing run, and goes on', async () => {
    const gated = gatedWork();
    const queue = new RunQueue(gated.work);
    const bad = queue.request('bad');
    const good = queue.request('good');
    await gated.releaseNext();
    await assert.rejects(bad, /bad data/);
    await gated.releaseNext();
    assert.equal(await good, 'good#1');
  });

  it('on close, fails what waits and waits for what runs', async () => {
    const gated = gatedWork();
    const queue = new RunQueue(gated.work);
    const running = queue.request('a');
    const waiting = queue.request('b');
    await until('a runs', () => queue.running === 'a');
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await assert.rejects(waiting, /stopped before the monitor ran/);
    assert.equal(closed, false, 'the running job is awaited');
    await gated.releaseNext();
    await closing;
    assert.equal(await running, 'a#1');
    await assert.rejects(queue.request('a'), /The runtime is stopping/);
    assert.deepEqual(gated.started, ['a']);
  });
});

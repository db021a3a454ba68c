import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Runtime } from '../../../src/runtime';
import type { RuntimeEvent } from '../../../src/shared/events';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { tempDir } from '../../helpers/temp';

function collect(client: RuntimeClient, count: number, since?: number): Promise<{ events: RuntimeEvent[]; close(): void }> {
  return new Promise((resolve) => {
    const events: RuntimeEvent[] = [];
    const sub = client.subscribe({
      since,
      onEvent: (event) => {
        events.push(event);
        if (events.length === count) resolve({ events, close: () => sub.close() });
      },
    });
  });
}

describe('runtime event stream', () => {
  let runtime: Runtime;
  let client: RuntimeClient;

  before(async () => {
    const result = await Runtime.start({ workspace: tempDir(), log: () => undefined });
    if (result.kind !== 'started') throw new Error('not started');
    runtime = result.runtime;
    client = new RuntimeClient(runtime.info);
  });
  after(() => runtime.stop('test done'));

  it('pushes change events to every connected client as they happen', async () => {
    const opened = new Promise<void>((resolve) => {
      const probe = client.subscribe({ onEvent: () => undefined, onState: (s) => s === 'open' && (probe.close(), resolve()) });
    });
    await opened;
    const a = collect(client, 1);
    const b = collect(client, 1);
    await new Promise((r) => setTimeout(r, 100));
    const published = runtime.hub.publish('config.changed', { errors: ['mlops.yaml:3: data must be a mapping'] });
    const [ra, rb] = await Promise.all([a, b]);
    assert.deepEqual(ra.events[0], published);
    assert.deepEqual(rb.events[0], published);
    ra.close();
    rb.close();
  });

  it('replays what a reconnecting client missed, from its last sequence number', async () => {
    const first = runtime.hub.publish('config.changed', { errors: ['one'] });
    runtime.hub.publish('config.changed', { errors: ['two'] });
    runtime.hub.publish('config.changed', { errors: ['three'] });
    const replay = await collect(client, 2, first.seq);
    assert.deepEqual(replay.events.map((e) => (e.data as { errors: string[] }).errors[0]), ['two', 'three']);
    replay.close();
  });

  it('announces workspace initialisation over the stream', async () => {
    const next = collect(client, 1, runtime.store.events.lastSeq());
    const { created } = await client.request<{ created: string[] }>('POST', '/api/workspace/init');
    const { events } = await next;
    assert.equal(events[0]!.type, 'workspace.initialized');
    assert.deepEqual((events[0]!.data as { created: string[] }).created, created);
    assert.ok(created.includes('mlops.yaml'));
    next.then((r) => r.close());
  });
});

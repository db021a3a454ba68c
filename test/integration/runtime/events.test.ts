import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Runtime } from '../../../src/runtime';
import type { RuntimeEvent } from '../../../src/shared/events';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { tempDir } from '../../helpers/temp';

interface Follower {
  /** Settles once the stream is open: the runtime has registered the client and pushes to it from then on. */
  opened: Promise<void>;
  /** Settles with the events received so far once they satisfy `done`. */
  until(done: (events: RuntimeEvent[]) => boolean): Promise<RuntimeEvent[]>;
  close(): void;
}

/** Follows the event stream (replaying after `since` when given); waits on what arrives, never on time. */
function follow(client: RuntimeClient, since?: number): Follower {
  const events: RuntimeEvent[] = [];
  const waiters: { done: (events: RuntimeEvent[]) => boolean; resolve: (events: RuntimeEvent[]) => void }[] = [];
  const check = (): void => {
    for (const waiter of [...waiters]) {
      if (!waiter.done(events)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve([...events]);
    }
  };
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const sub = client.subscribe({
    since,
    onState: (state) => state === 'open' && open(),
    onEvent: (event) => {
      events.push(event);
      check();
    },
  });
  return {
    opened,
    until: (done) =>
      new Promise((resolve) => {
        waiters.push({ done, resolve });
        check();
      }),
    close: () => sub.close(),
  };
}

const withSeq = (seq: number) => (events: RuntimeEvent[]): boolean => events.some((e) => e.seq === seq);

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
    const a = follow(client);
    const b = follow(client);
    await Promise.all([a.opened, b.opened]);
    const published = runtime.hub.publish('config.changed', { errors: ['mlops.yaml:3: data must be a mapping'] });
    const [ea, eb] = await Promise.all([a.until(withSeq(published.seq)), b.until(withSeq(published.seq))]);
    assert.deepEqual(ea.find((e) => e.seq === published.seq), published);
    assert.deepEqual(eb.find((e) => e.seq === published.seq), published);
    a.close();
    b.close();
  });

  it('replays what a reconnecting client missed, from its last sequence number', async () => {
    const first = runtime.hub.publish('config.changed', { errors: ['one'] });
    const missed = [runtime.hub.publish('config.changed', { errors: ['two'] }), runtime.hub.publish('config.changed', { errors: ['three'] })];
    const replay = follow(client, first.seq);
    const events = await replay.until(withSeq(missed[1]!.seq));
    replay.close();
    assert.deepEqual(events, missed);
  });

  it('announces workspace initialisation over the stream', async () => {
    const next = follow(client, runtime.store.events.lastSeq());
    const { created } = await client.request<{ created: string[] }>('POST', '/api/workspace/init');
    const events = await next.until((seen) => seen.some((e) => e.type === 'workspace.initialized'));
    next.close();
    const event = events.find((e) => e.type === 'workspace.initialized')!;
    assert.deepEqual((event.data as { created: string[] }).created, created);
    assert.ok(created.includes('mlops.yaml'));
  });
});

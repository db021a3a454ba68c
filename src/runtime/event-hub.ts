import type { ServerResponse } from 'node:http';
import type { EventLog } from '../core/store';
import type { RuntimeEvent, RuntimeEventMap, RuntimeEventType } from '../shared/events';

const HEARTBEAT_MS = 15_000;

/** Records change events and pushes them to every connected server-sent-events client. */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly closing: (() => void)[] = [];

  constructor(private readonly log: EventLog) {
    this.heartbeat = setInterval(() => this.broadcast(': keep-alive\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  publish<K extends RuntimeEventType>(type: K, data: RuntimeEventMap[K]): RuntimeEvent {
    const event = this.log.append(type, data);
    this.broadcast(format(event));
    return event;
  }

  /** Opens an event stream on `res`, first replaying events after `since` when given. */
  attach(res: ServerResponse, since: number | undefined): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    // A new client learns where the stream stands, so its first reconnect asks for what it missed.
    if (since === undefined) res.write(`id: ${this.log.lastSeq()}\n\n`);
    else {
      const gap = this.gapAfter(since);
      if (gap) res.write(format(gap));
      let cursor = since;
      for (;;) {
        const batch = this.log.since(cursor);
        for (const event of batch) res.write(format(event));
        if (batch.length === 0) break;
        cursor = batch[batch.length - 1]!.seq;
      }
    }
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  /** Runs `fn` when the hub closes, before the streams end (to publish what is still pending). */
  beforeClose(fn: () => void): void {
    this.closing.push(fn);
  }

  /** Ends every stream (clients reconnect to the next runtime) and stops the heartbeat. */
  close(): void {
    for (const fn of this.closing.splice(0)) fn();
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  /**
   * The log keeps the newest events only (see EventLog): when the first one after `since` is not
   * `since + 1`, the client missed events the log dropped. Sequence numbers have no holes
   * otherwise (rowids of a table only appended to and pruned from below).
   */
  private gapAfter(since: number): RuntimeEvent | undefined {
    const [first] = this.log.since(since, 1);
    const oldest = first?.seq ?? this.log.lastSeq() + 1;
    if (oldest <= since + 1) return undefined;
    return { seq: since, type: 'events.gap', time: Date.now(), data: { since, oldest } };
  }

  private broadcast(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}

function format(event: RuntimeEvent): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

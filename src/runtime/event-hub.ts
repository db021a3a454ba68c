import type { ServerResponse } from 'node:http';
import type { EventLog } from '../core/store';
import type { RuntimeEvent, RuntimeEventMap, RuntimeEventType } from '../shared/events';

const HEARTBEAT_MS = 15_000;

/** Records change events and pushes them to every connected server-sent-events client. */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

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
    if (since !== undefined) {
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

  /** Ends every stream (clients reconnect to the next runtime) and stops the heartbeat. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private broadcast(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}

function format(event: RuntimeEvent): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

import type { RuntimeEvent, RuntimeEventMap, RuntimeEventType } from '../../shared/events';
import type { SqlDriver } from './driver';

const KEEP_EVENTS = 10_000;

/** Persisted change events, so a client that reconnects can replay what it missed. */
export class EventLog {
  constructor(private readonly db: SqlDriver) {}

  append<K extends RuntimeEventType>(type: K, data: RuntimeEventMap[K], time = Date.now()): RuntimeEvent {
    const { lastInsertRowid } = this.db.run('INSERT INTO events (type, time, data) VALUES (?, ?, ?)', [type, time, JSON.stringify(data)]);
    if (lastInsertRowid % 1000 === 0) this.prune();
    return { seq: lastInsertRowid, type, time, data } as RuntimeEvent;
  }

  since(seq: number, limit = 1000): RuntimeEvent[] {
    return this.db
      .all<{ seq: number; type: RuntimeEventType; time: number; data: string }>(
        'SELECT seq, type, time, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
        [seq, limit],
      )
      .map((row) => ({ ...row, data: JSON.parse(row.data) }) as RuntimeEvent);
  }

  lastSeq(): number {
    return this.db.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM events')?.seq ?? 0;
  }

  private prune(): void {
    this.db.run('DELETE FROM events WHERE seq <= (SELECT max(seq) FROM events) - ?', [KEEP_EVENTS]);
  }
}

import type { SqlDriver } from '../store';
import { transaction } from '../store';

/** What the stat cache knows of a file: its md5 while inode, mtime and size stay the same. */
export interface StatRow {
  path: string;
  inode: number;
  mtime: number;
  size: number;
  md5: string;
}

export function statMatches(row: StatRow | undefined, info: { ino: number; mtimeMs: number; size: number }): row is StatRow {
  return row !== undefined && row.inode === info.ino && row.mtime === info.mtimeMs && row.size === info.size;
}

/**
 * The key of a folder's snapshot row: `<folder>//<digest>`. No file's key holds `//` (nor starts
 * with `/`), and all of a folder's snapshot keys sort between `<folder>//` and `<folder>/0`.
 */
export function snapshotKey(prefix: string, digest: string): string {
  return `${prefix}//${digest}`;
}

/** The key of the record that a folder version's objects were all found in the cache. */
function holdsKey(md5: string): string {
  return `//holds/${md5}`;
}

/** The `stat_cache` table, read in bulk and written in batches (one transaction, not one per file). */
export class StatCache {
  constructor(private readonly db: SqlDriver) {}

  get(path: string): StatRow | undefined {
    return this.db.get<StatRow>('SELECT path, inode, mtime, size, md5 FROM stat_cache WHERE path = ?', [path]);
  }

  /** Every row under the folder `prefix` (workspace-relative, `/`), or every row at all. */
  load(prefix?: string): Map<string, StatRow> {
    const rows = prefix
      ? this.db.all<StatRow>('SELECT path, inode, mtime, size, md5 FROM stat_cache WHERE path >= ? AND path < ?', [`${prefix}/`, `${prefix}0`])
      : this.db.all<StatRow>('SELECT path, inode, mtime, size, md5 FROM stat_cache');
    return new Map(rows.map((r) => [r.path, r]));
  }

  /** The rows of the files tracked as datasets of their own. */
  loadFileDatasets(): Map<string, StatRow> {
    const rows = this.db.all<StatRow>("SELECT s.path, s.inode, s.mtime, s.size, s.md5 FROM stat_cache s JOIN datasets d ON d.path = s.path WHERE d.kind = 'file'");
    return new Map(rows.map((r) => [r.path, r]));
  }

  /** Upserts the rows in one transaction (rows in key order insert fastest). */
  save(rows: Iterable<StatRow>): void {
    const sql =
      'INSERT INTO stat_cache (path, inode, mtime, size, md5) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT(path) DO UPDATE SET inode = excluded.inode, mtime = excluded.mtime, size = excluded.size, md5 = excluded.md5';
    const iterator = rows[Symbol.iterator]();
    let next = iterator.next();
    if (next.done) return;
    transaction(this.db, () => {
      for (; !next.done; next = iterator.next()) this.db.run(sql, [next.value.path, next.value.inode, next.value.mtime, next.value.size, next.value.md5]);
    });
  }

  /** Replaces the folder's snapshot row (older ones describe stats it no longer has). */
  saveSnapshot(prefix: string, row: StatRow): void {
    transaction(this.db, () => {
      this.db.run('DELETE FROM stat_cache WHERE path >= ? AND path < ?', [`${prefix}//`, `${prefix}/0`]);
      this.db.run('INSERT INTO stat_cache (path, inode, mtime, size, md5) VALUES (?, ?, ?, ?, ?)', [row.path, row.inode, row.mtime, row.size, row.md5]);
    });
  }

  /** The cache stamp at which all objects of `md5` were last found present, if any. */
  heldAt(md5: string): string | undefined {
    return this.get(holdsKey(md5))?.md5;
  }

  /** Records that all objects of `md5` are present at cache stamp `digest`; forgets older stamps. */
  saveHeld(md5: string, digest: string): void {
    transaction(this.db, () => {
      this.db.run("DELETE FROM stat_cache WHERE path >= '//holds/' AND path < '//holds0' AND md5 != ?", [digest]);
      this.db.run('INSERT INTO stat_cache (path, inode, mtime, size, md5) VALUES (?, 0, 0, 0, ?) ON CONFLICT(path) DO UPDATE SET md5 = excluded.md5', [holdsKey(md5), digest]);
    });
  }
}

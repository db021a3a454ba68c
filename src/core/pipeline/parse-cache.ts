import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MLOPS_DIR } from '../../shared/runtime-info';
import { PyFloat } from './py-yaml';

/** What identifies a file's contents without reading it, as DVC's state db and git's index do; null when absent. */
export type FileStamp = { ino: number; mtime: number; ctime: number; size: number } | null;

interface Entry {
  /** The stamps of every file the value was made from (the file itself first). */
  stamps: Record<string, FileStamp>;
  /** When the value was made (ms); a stamp newer than this minus RACY_MS is not trusted, as git's racy check. */
  at: number;
  /** This process wrote the file itself, so its stamp is trusted however recent. */
  own?: boolean;
  value: unknown;
}

/** Timestamps this close to the moment a value was made may hide a second write in the same tick. */
const RACY_MS = 2000;
const FILE = 'pipeline-parse-cache.json';
const VERSION = 1;

export function stampOf(abs: string): FileStamp {
  const s = statSync(abs, { throwIfNoEntry: false });
  return s ? { ino: s.ino, mtime: s.mtimeMs, ctime: s.ctimeMs, size: s.size } : null;
}

const sameStamp = (a: FileStamp, b: FileStamp): boolean => (a === null || b === null ? a === b : a.ino === b.ino && a.mtime === b.mtime && a.ctime === b.ctime && a.size === b.size);

/**
 * Parsed dvc.yaml, dvc.lock and params files, kept while the files they were read from keep their
 * inode, mtime, ctime and size — in memory, and across processes in `.mlops/pipeline-parse-cache.json`
 * (only when `.mlops` exists). A stale or unreadable cache is ignored; it never decides a result.
 */
export class ParseCache {
  private static readonly byWorkspace = new Map<string, ParseCache>();
  private entries = new Map<string, Entry>();
  private dirty = false;
  private loaded = false;

  private constructor(private readonly workspace: string) {}

  static of(workspace: string): ParseCache {
    let cache = ParseCache.byWorkspace.get(workspace);
    if (!cache) ParseCache.byWorkspace.set(workspace, (cache = new ParseCache(workspace)));
    return cache;
  }

  /** The value cached under `key` while every stamp it was made from is unchanged. */
  get(key: string): unknown {
    this.load();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    for (const [abs, stamp] of Object.entries(entry.stamps)) {
      if (stamp !== null && !entry.own && Math.max(stamp.mtime, stamp.ctime) > entry.at - RACY_MS) return undefined;
      if (!sameStamp(stamp, stampOf(abs))) return undefined;
    }
    return entry.value;
  }

  set(key: string, value: unknown, stamps: Record<string, FileStamp>, own = false): void {
    this.load();
    this.entries.set(key, { stamps, at: Date.now(), ...(own && { own }), value });
    this.dirty = true;
  }

  /** `key`'s value, made by `make` (which names the files it read) when the cached one is stale. */
  through<T>(key: string, make: () => { value: T; files: string[] }): T {
    const cached = this.get(key);
    if (cached !== undefined) return cached as T;
    const { value, files } = make();
    this.set(key, value, Object.fromEntries(files.map((f) => [f, stampOf(f)])));
    return value;
  }

  /** Writes what changed to `.mlops` (temporary file renamed over); trouble writing is ignored. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const dir = join(this.workspace, MLOPS_DIR);
    if (!existsSync(dir)) return;
    const path = join(dir, FILE);
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify({ version: VERSION, entries: Object.fromEntries(this.entries) }, encode));
      renameSync(temp, path);
    } catch {
      rmSync(temp, { force: true });
    }
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const data = JSON.parse(readFileSync(join(this.workspace, MLOPS_DIR, FILE), 'utf8'), decode) as { version?: number; entries?: Record<string, Entry> };
      if (data.version === VERSION && data.entries) this.entries = new Map(Object.entries(data.entries));
    } catch {
      // none yet, or unreadable: start empty
    }
  }
}

const TAG = '\u0000py';

/** PyFloat and the numbers JSON cannot hold (NaN, ±Infinity, -0) survive the round trip. */
function encode(_: string, value: unknown): unknown {
  if (value instanceof PyFloat) return { [TAG]: 'f', v: String(value.value) };
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return { [TAG]: 'n', v: Object.is(value, -0) ? '-0' : String(value) };
  return value;
}

function decode(_: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && TAG in value) {
    const { [TAG]: kind, v } = value as Record<string, string>;
    return kind === 'f' ? new PyFloat(Number(v)) : Number(v);
  }
  return value;
}

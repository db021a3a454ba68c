import { existsSync } from 'node:fs';
import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { invalid, notFound } from '../errors';
import type { SqlDriver } from '../store';
import { ContentCache } from './cache';
import type { DirEntry } from './hash';
import { dirManifest, md5File } from './hash';
import type { PointerOut } from './pointer';
import { ignoreInGit, writePointer } from './pointer';
import { summarizeTable } from './summary';
import type { DatasetVersion, TableSummary } from '../../shared/data';

export type { DatasetVersion } from '../../shared/data';

export type DatasetState = 'ok' | 'modified' | 'missing' | 'not-in-cache';

export interface AddResult {
  version: DatasetVersion;
  /** False when the content equals the latest version (nothing new was recorded). */
  changed: boolean;
  pointerFile: string;
}

interface VersionRow {
  id: number;
  path: string;
  md5: string;
  size: number;
  nfiles: number | null;
  created_time: number;
  git_commit: string | null;
  run_id: string | null;
  summary: string | null;
}

/** The cache a workspace uses: DVC's own in a DVC repository, `.mlops/cache` otherwise (same layout). */
export function cacheRootOf(workspace: string): string {
  return existsSync(join(workspace, '.dvc')) ? join(workspace, '.dvc', 'cache') : join(workspace, '.mlops', 'cache');
}

/**
 * Versions of tracked files and folders: hashed as DVC 3 does, stored in the content cache,
 * pointed to by `<name>.dvc`, recorded with git commit, running run and a table summary.
 */
export class DatasetRepository {
  readonly cache: ContentCache;

  constructor(
    private readonly db: SqlDriver,
    readonly workspace: string,
    cacheRoot = cacheRootOf(workspace),
  ) {
    this.cache = new ContentCache(cacheRoot);
  }

  /** Workspace-relative `/` path of an absolute or relative one; refuses paths outside the workspace. */
  relativePath(path: string): string {
    const abs = resolve(this.workspace, path);
    const rel = relative(this.workspace, abs);
    if (rel === '' || rel.startsWith('..') || resolve(rel) === rel) throw invalid(`${path} is outside the workspace ${this.workspace}.`);
    return rel.split(sep).join('/');
  }

  async add(path: string, context: { gitCommit?: string } = {}): Promise<AddResult> {
    const rel = this.relativePath(path);
    const abs = join(this.workspace, ...rel.split('/'));
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw notFound(`${rel} does not exist.`);
    const hashed = info.isDirectory() ? await this.hashDirectory(abs) : await this.hashFile(abs, rel, info);
    if (!info.isDirectory()) await this.cache.storeFile(hashed.md5, abs);
    const pointerFile = await writePointer(abs, {
      md5: hashed.md5,
      size: hashed.size,
      ...(info.isDirectory() && { nfiles: hashed.nfiles }),
      hash: 'md5',
      path: rel.split('/').pop()!,
      ...(!info.isDirectory() && (info.mode & 0o111) !== 0 && { isexec: true }),
    });
    await ignoreInGit(abs);
    const latest = this.latest(rel);
    if (latest && latest.md5 === hashed.md5) return { version: latest, changed: false, pointerFile };
    const summary = info.isDirectory() ? undefined : await summarizeTable(abs).catch(() => undefined);
    const now = Date.now();
    this.db.run("INSERT INTO datasets (path, kind, added_time) VALUES (?, ?, ?) ON CONFLICT(path) DO NOTHING", [rel, info.isDirectory() ? 'dir' : 'file', now]);
    const runId = this.db.get<{ run_uuid: string }>("SELECT run_uuid FROM runs WHERE status = 'RUNNING' AND lifecycle_stage = 'active' ORDER BY start_time DESC LIMIT 1")?.run_uuid ?? null;
    const { lastInsertRowid } = this.db.run(
      'INSERT INTO dataset_versions (path, md5, size, nfiles, created_time, git_commit, run_id, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [rel, hashed.md5, hashed.size, info.isDirectory() ? hashed.nfiles : null, now, context.gitCommit ?? null, runId, summary ? JSON.stringify(summary) : null],
    );
    return { version: this.versionById(lastInsertRowid), changed: true, pointerFile };
  }

  /** Records what an existing pointer file says as a version, without re-hashing (DVC repositories). */
  importPointer(rel: string, out: PointerOut): DatasetVersion | undefined {
    const latest = this.latest(rel);
    if (latest && latest.md5 === out.md5) return undefined;
    const now = Date.now();
    this.db.run('INSERT INTO datasets (path, kind, added_time) VALUES (?, ?, ?) ON CONFLICT(path) DO NOTHING', [rel, out.md5.endsWith('.dir') ? 'dir' : 'file', now]);
    const { lastInsertRowid } = this.db.run('INSERT INTO dataset_versions (path, md5, size, nfiles, created_time) VALUES (?, ?, ?, ?, ?)', [rel, out.md5, out.size, out.nfiles ?? null, now]);
    return this.versionById(lastInsertRowid);
  }

  /** Each dataset against its latest version: ok, modified, missing, or its objects not in the cache. */
  async status(): Promise<{ path: string; state: DatasetState; latest: DatasetVersion | undefined }[]> {
    const out: { path: string; state: DatasetState; latest: DatasetVersion | undefined }[] = [];
    for (const { path, latest } of this.list()) {
      const abs = join(this.workspace, ...path.split('/'));
      const info = await stat(abs).catch(() => undefined);
      let state: DatasetState = 'ok';
      if (!info) state = 'missing';
      else {
        const current = info.isDirectory() ? await this.hashDirectory(abs, false) : await this.hashFile(abs, path, info);
        if (current.md5 !== latest?.md5) state = 'modified';
      }
      if (state !== 'missing' && latest && !(await this.inCache(latest.md5))) state = state === 'modified' ? 'modified' : 'not-in-cache';
      out.push({ path, state, latest });
    }
    return out;
  }

  /** The object and, for a directory, every file its manifest lists. */
  async inCache(md5: string): Promise<boolean> {
    if (!(await this.cache.has(md5))) return false;
    if (!md5.endsWith('.dir')) return true;
    const entries = JSON.parse(await readFile(this.cache.objectPath(md5), 'utf8')) as DirEntry[];
    for (const entry of entries) if (!(await this.cache.has(entry.md5))) return false;
    return true;
  }

  list(): { path: string; kind: 'file' | 'dir'; latest: DatasetVersion | undefined }[] {
    return this.db
      .all<{ path: string; kind: 'file' | 'dir' }>('SELECT path, kind FROM datasets ORDER BY path')
      .map((d) => ({ ...d, latest: this.latest(d.path) }));
  }

  versions(path: string): DatasetVersion[] {
    const rel = this.relativePath(path);
    return this.db.all<VersionRow>('SELECT * FROM dataset_versions WHERE path = ? ORDER BY id', [rel]).map((row, i) => toVersion(row, i + 1));
  }

  latest(rel: string): DatasetVersion | undefined {
    const last = this.db.get<VersionRow>('SELECT * FROM dataset_versions WHERE path = ? ORDER BY id DESC LIMIT 1', [rel]);
    return last ? this.numbered(last) : undefined;
  }

  private versionById(id: number): DatasetVersion {
    return this.numbered(this.db.get<VersionRow>('SELECT * FROM dataset_versions WHERE id = ?', [id])!);
  }

  /** The row with its 1-based number within its dataset. */
  private numbered(row: VersionRow): DatasetVersion {
    const number = this.db.get<{ n: number }>('SELECT count(*) AS n FROM dataset_versions WHERE path = ? AND id <= ?', [row.path, row.id])!.n;
    return toVersion(row, number);
  }


  /** md5 of a file, from the stat cache when inode, mtime and size are unchanged. */
  private async hashFile(
    abs: string,
    key: string,
    info: { ino: number; mtimeMs: number; size: number },
    known?: Map<string, StatRow>,
  ): Promise<{ md5: string; size: number; nfiles: number }> {
    const cached = known ? known.get(key) : this.db.get<StatRow>('SELECT path, inode, mtime, size, md5 FROM stat_cache WHERE path = ?', [key]);
    if (cached && cached.inode === info.ino && cached.mtime === info.mtimeMs && cached.size === info.size) return { md5: cached.md5, size: info.size, nfiles: 1 };
    const { md5, size } = await md5File(abs);
    const after = await stat(abs);
    if (after.mtimeMs !== info.mtimeMs || after.size !== size) throw invalid(`${key} changed while it was being hashed; it will be versioned once it is stable.`);
    this.db.run('INSERT INTO stat_cache (path, inode, mtime, size, md5) VALUES (?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET inode = excluded.inode, mtime = excluded.mtime, size = excluded.size, md5 = excluded.md5', [
      key,
      info.ino,
      info.mtimeMs,
      size,
      md5,
    ]);
    return { md5, size, nfiles: 1 };
  }

  /** Every file under `abs` hashed (16 at a time), stored unless `store` is false, as a `.dir` manifest. */
  private async hashDirectory(abs: string, store = true): Promise<{ md5: string; size: number; nfiles: number }> {
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== '.git' && entry.name !== '.dvc' && entry.name !== '.mlops') await walk(full);
        } else if (entry.isFile()) files.push(full); // symlinks (and their loops) and special files are not data
      }
    };
    await walk(abs);
    const prefix = relative(this.workspace, abs).split(sep).join('/');
    const known = new Map(
      this.db.all<StatRow>("SELECT path, inode, mtime, size, md5 FROM stat_cache WHERE path >= ? AND path < ?", [`${prefix}/`, `${prefix}0`]).map((r) => [r.path, r]),
    );
    const entries: DirEntry[] = new Array(files.length);
    let size = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const i = next++;
        const full = files[i]!;
        const info = await lstat(full);
        const hashed = await this.hashFile(full, relative(this.workspace, full).split(sep).join('/'), info, known);
        if (store) await this.cache.storeFile(hashed.md5, full);
        entries[i] = { md5: hashed.md5, relpath: relative(abs, full).split(sep).join('/') };
        size += hashed.size;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const manifest = dirManifest(entries);
    if (store) await this.cache.storeBytes(manifest.md5, manifest.bytes);
    return { md5: manifest.md5, size, nfiles: entries.length };
  }
}

interface StatRow {
  path: string;
  inode: number;
  mtime: number;
  size: number;
  md5: string;
}

function toVersion(row: VersionRow, version: number): DatasetVersion {
  return {
    id: row.id,
    path: row.path,
    version,
    md5: row.md5,
    size: row.size,
    nfiles: row.nfiles,
    createdTime: row.created_time,
    gitCommit: row.git_commit,
    runId: row.run_id,
    summary: row.summary ? (JSON.parse(row.summary) as TableSummary) : null,
  };
}

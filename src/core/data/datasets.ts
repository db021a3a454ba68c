import type { Stats } from 'node:fs';
import { existsSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { notFound } from '../errors';
import type { SqlDriver } from '../store';
import { ContentCache } from './cache';
import { datasetKey, locateInside } from './data-path';
import type { Hashed } from './file-hasher';
import { ChangedWhileHashing, FileHasher } from './file-hasher';
import { readManifestSync, refuseUnsafe } from './manifest';
import type { PointerOut } from './pointer';
import type { CacheLink } from './dvc-config';
import { readDvcConfig } from './dvc-config';
import { declaringStage } from './dvc-stages';
import { ignoreInGit, writePointer } from './pointer';
import { StatCache } from './stat-cache';
import { summarizeTable } from './summary';
import type { DatasetState, DatasetStatus, DatasetVersion, TableSummary } from '../../shared/data';
export type { DatasetState, DatasetStatus } from '../../shared/data';

export type { DatasetVersion } from '../../shared/data';


export interface AddContext {
  gitCommit?: string;
  stageOutput?: boolean;
  /** The run that wrote it (null: none); without it, the newest running run is taken for the writer. */
  runId?: string | null;
}

export interface AddResult {
  version: DatasetVersion;
  /** False when the content equals the latest version (nothing new was recorded). */
  changed: boolean;
  /** The `.dvc` pointer; none for the output of a DVC pipeline stage (`dvc.lock` records it). */
  pointerFile: string | undefined;
  /** An unchanged version was given the rows × columns summary it lacked (it was imported from a pointer). */
  summarized?: true;
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

/**
 * The cache a workspace uses: DVC's own in a DVC repository (`cache.dir` of `.dvc/config`, else
 * `.dvc/cache`), `.mlops/cache` otherwise (same layout).
 */
export function cacheRootOf(workspace: string): string {
  return dvcCacheSettings(workspace)?.root ?? join(workspace, '.mlops', 'cache');
}

/** A DVC repository's cache folder and `cache.type`; a config DVC could not read gives the defaults (push and pull report it). */
function dvcCacheSettings(workspace: string): { root: string; types?: CacheLink[] } | undefined {
  const dvcDir = join(workspace, '.dvc');
  if (!existsSync(dvcDir)) return undefined;
  try {
    const config = readDvcConfig(dvcDir);
    return { root: config.cacheDir ?? join(dvcDir, 'cache'), ...(config.cacheTypes && { types: config.cacheTypes }) };
  } catch {
    return { root: join(dvcDir, 'cache') };
  }
}

/**
 * Versions of tracked files and folders: hashed as DVC 3 does, stored in the content cache,
 * pointed to by `<name>.dvc`, recorded with git commit, running run and a table summary.
 */
export class DatasetRepository {
  readonly cache: ContentCache;
  private readonly statCache: StatCache;
  private readonly hasher: FileHasher;
  private readonly adding = new Map<string, Promise<AddResult>>();

  constructor(
    private readonly db: SqlDriver,
    readonly workspace: string,
    cacheRoot = cacheRootOf(workspace),
    link?: 'reflink' | 'copy',
  ) {
    this.cache = new ContentCache(cacheRoot, link ?? 'reflink');
    // DVC's cache.type decides how a restore links objects in, unless mlops.yaml sets data.link.
    const dvc = link === undefined ? dvcCacheSettings(workspace) : undefined;
    if (dvc?.types && dvc.root === cacheRoot) this.cache.checkoutTypes = dvc.types;
    this.statCache = new StatCache(db);
    this.hasher = new FileHasher(this.statCache, this.cache, workspace);
  }

  /**
   * Workspace-relative `/` path of an absolute or relative one, by name: refuses paths outside the
   * workspace and in `.mlops`, `.git` or `.dvc`. Use `locate` before touching the files.
   */
  relativePath(path: string): string {
    return datasetKey(this.workspace, path);
  }

  /** The absolute path of a dataset, refused when it leads (through symlinks too) out of the workspace or into tool state. */
  locate(rel: string, from = rel): string {
    return locateInside(this.workspace, rel, from, this.cache.root);
  }

  /** The DVC md5 (size, nfiles) of a workspace file or folder, without storing it; undefined when it is not there. */
  async hash(rel: string): Promise<Hashed | undefined> {
    const abs = this.locate(rel);
    const info = statOrUndefined(abs);
    if (!info) return undefined;
    return info.isDirectory() ? this.hasher.directory(abs, rel, false) : this.hasher.file(abs, rel, info, false);
  }

  /**
   * Versions a file or folder. Adds of one path run one at a time, so racing calls never interleave.
   * `stageOutput`: a pipeline stage wrote it (dvc.lock records it), so no `.dvc` pointer is written.
   */
  async add(path: string, context: AddContext = {}): Promise<AddResult> {
    const rel = this.relativePath(path);
    const previous = this.adding.get(rel) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.addNow(rel, context));
    this.adding.set(rel, next);
    const forget = (): void => {
      if (this.adding.get(rel) === next) this.adding.delete(rel);
    };
    next.then(forget, forget);
    return next;
  }

  private async addNow(rel: string, context: AddContext): Promise<AddResult> {
    const abs = this.locate(rel);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw notFound(`${rel} does not exist.`);
    const hashed = info.isDirectory() ? await this.hasher.directory(abs, rel, true) : await this.hasher.file(abs, rel, info, true);
    // A stage's output is recorded by dvc.lock; DVC refuses a .dvc pointer for it (and git-ignores it already).
    const stageOutput = context.stageOutput === true || declaringStage(this.workspace, rel) !== undefined;
    const pointerFile = stageOutput ? undefined : await this.point(abs, rel, hashed, info);
    // Adding an untracked dataset tracks it again, with its history.
    this.db.run('UPDATE datasets SET untracked_time = NULL WHERE path = ? AND untracked_time IS NOT NULL', [rel]);
    const latest = this.latest(rel);
    if (latest && latest.md5 === hashed.md5) {
      const summarized = !info.isDirectory() && !latest.summary ? await this.storeSummary(latest, abs) : undefined;
      return { version: summarized ?? latest, changed: false, pointerFile, ...(summarized && { summarized: true as const }) };
    }
    const summary = info.isDirectory() ? undefined : await summarizeTable(abs).catch(() => undefined);
    const now = Date.now();
    this.db.run("INSERT INTO datasets (path, kind, added_time) VALUES (?, ?, ?) ON CONFLICT(path) DO NOTHING", [rel, info.isDirectory() ? 'dir' : 'file', now]);
    const runId = context.runId !== undefined ? context.runId : (this.db.get<{ run_uuid: string }>("SELECT run_uuid FROM runs WHERE status = 'RUNNING' AND lifecycle_stage = 'active' ORDER BY start_time DESC LIMIT 1")?.run_uuid ?? null);
    const { lastInsertRowid } = this.db.run(
      'INSERT INTO dataset_versions (path, md5, size, nfiles, created_time, git_commit, run_id, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [rel, hashed.md5, hashed.size, info.isDirectory() ? hashed.nfiles : null, now, context.gitCommit ?? null, runId, summary ? JSON.stringify(summary) : null],
    );
    return { version: this.versionById(lastInsertRowid), changed: true, pointerFile };
  }

  private async point(abs: string, rel: string, hashed: Hashed, info: Stats): Promise<string> {
    const pointerFile = await writePointer(abs, {
      md5: hashed.md5,
      size: hashed.size,
      ...(info.isDirectory() && { nfiles: hashed.nfiles }),
      hash: 'md5',
      path: rel.split('/').pop()!,
      ...(!info.isDirectory() && (info.mode & 0o111) !== 0 && { isexec: true }),
    });
    await ignoreInGit(abs);
    return pointerFile;
  }

  /**
   * Gives the latest version of a file dataset the rows × columns summary it lacks (a version
   * imported from a pointer or dvc.lock), once the workspace copy is that version (present, or pulled).
   */
  async summarizeLatest(rel: string): Promise<DatasetVersion | undefined> {
    const latest = this.latest(rel);
    if (!latest || latest.summary || latest.md5.endsWith('.dir')) return undefined;
    const abs = this.locate(rel);
    const info = statOrUndefined(abs);
    if (!info?.isFile()) return undefined;
    const current = await this.hasher.file(abs, rel, info, false).catch(() => undefined);
    return current?.md5 === latest.md5 ? this.storeSummary(latest, abs) : undefined;
  }

  private async storeSummary(version: DatasetVersion, abs: string): Promise<DatasetVersion | undefined> {
    const summary = await summarizeTable(abs).catch(() => undefined);
    if (!summary) return undefined;
    this.db.run('UPDATE dataset_versions SET summary = ? WHERE id = ?', [JSON.stringify(summary), version.id]);
    return { ...version, summary };
  }

  /** Records what an existing pointer file says as a version, without re-hashing (DVC repositories). */
  importPointer(rel: string, out: Pick<PointerOut, 'md5' | 'size'> & Partial<PointerOut>, options: { ifUnseen?: boolean } = {}): DatasetVersion | undefined {
    if (out.md5.endsWith('.dir')) refuseUnsafe(readManifestSync(this.cache.objectPath(out.md5)) ?? [], out.md5, rel);
    const latest = this.latest(rel);
    if (latest && latest.md5 === out.md5) return undefined;
    // dvc.lock is not rewritten when a stage's output changes: a hash it still names is not news.
    if (options.ifUnseen && this.db.get('SELECT 1 AS x FROM dataset_versions WHERE path = ? AND md5 = ?', [rel, out.md5])) return undefined;
    const now = Date.now();
    this.db.run('INSERT INTO datasets (path, kind, added_time) VALUES (?, ?, ?) ON CONFLICT(path) DO NOTHING', [rel, out.md5.endsWith('.dir') ? 'dir' : 'file', now]);
    const { lastInsertRowid } = this.db.run('INSERT INTO dataset_versions (path, md5, size, nfiles, created_time) VALUES (?, ?, ?, ?, ?)', [rel, out.md5, out.size, out.nfiles ?? null, now]);
    return this.versionById(lastInsertRowid);
  }

  /**
   * Each dataset against its latest version: ok, modified, missing, or its objects not in the cache.
   * Stat-cache rows are read in one query, the cache's contents one shard folder at a time, and a
   * folder found complete is trusted until an object is removed (see ContentCache.stamp), so an
   * unchanged dataset costs about one stat per file.
   */
  async status(): Promise<DatasetStatus[]> {
    const out: DatasetStatus[] = [];
    const known = this.statCache.loadFileDatasets();
    const present = this.cache.presence();
    let stamp: { digest: string; settled: boolean } | undefined;
    const holds = (md5: string): boolean => {
      if (!md5.endsWith('.dir')) return present.has(md5);
      stamp ??= this.cache.stamp();
      if (stamp.settled && this.statCache.heldAt(md5) === stamp.digest) return true;
      const held = this.cache.holdsAll(md5, present);
      if (held && stamp.settled) this.statCache.saveHeld(md5, stamp.digest);
      return held;
    };
    for (const { path, latest } of this.list()) {
      let abs: string;
      try {
        abs = this.locate(path);
      } catch (error) {
        out.push({ path, state: 'missing', latest, problem: (error as Error).message });
        continue;
      }
      const info = statOrUndefined(abs);
      let state: DatasetState = 'ok';
      if (!info) state = 'missing';
      else {
        let current: Hashed | undefined;
        try {
          current = info.isDirectory() ? await this.hasher.directory(abs, path, false) : await this.hasher.file(abs, path, info, false, known);
        } catch (error) {
          if (!(error instanceof ChangedWhileHashing)) throw error;
        }
        if (current?.md5 !== latest?.md5) state = 'modified';
        else if (latest && !holds(latest.md5)) state = 'not-in-cache';
      }
      out.push({ path, state, latest });
    }
    return out;
  }

  /** The object and, for a directory, every file its manifest lists. */
  async inCache(md5: string): Promise<boolean> {
    return this.cache.holdsAll(md5);
  }

  /** Every tracked dataset with its latest version, in one query. */
  list(): { path: string; kind: 'file' | 'dir'; latest: DatasetVersion | undefined }[] {
    const rows = this.db.all<Omit<VersionRow, 'id' | 'path'> & { id: number | null; dataset: string; kind: 'file' | 'dir'; n: number | null }>(
      `SELECT d.path AS dataset, d.kind, c.n, v.id, v.md5, v.size, v.nfiles, v.created_time, v.git_commit, v.run_id, v.summary
       FROM datasets d
       LEFT JOIN (SELECT path, max(id) AS id, count(*) AS n FROM dataset_versions GROUP BY path) c ON c.path = d.path
       LEFT JOIN dataset_versions v ON v.id = c.id
       WHERE d.untracked_time IS NULL
       ORDER BY d.path`,
    );
    return rows.map(({ dataset, kind, n, ...v }) => ({ path: dataset, kind, latest: v.id === null ? undefined : toVersion({ ...v, id: v.id, path: dataset }, n!) }));
  }

  versions(path: string): DatasetVersion[] {
    const rel = this.relativePath(path);
    return this.db.all<VersionRow>('SELECT * FROM dataset_versions WHERE path = ? ORDER BY id', [rel]).map((row, i) => toVersion(row, i + 1));
  }

  latest(rel: string): DatasetVersion | undefined {
    const last = this.db.get<VersionRow>('SELECT * FROM dataset_versions WHERE path = ? ORDER BY id DESC LIMIT 1', [rel]);
    return last ? this.numbered(last) : undefined;
  }

  /** The newest version of `rel` holding exactly `md5`, if it was ever versioned. */
  versionWithMd5(rel: string, md5: string): DatasetVersion | undefined {
    const row = this.db.get<VersionRow>('SELECT * FROM dataset_versions WHERE path = ? AND md5 = ? ORDER BY id DESC LIMIT 1', [rel, md5]);
    return row ? this.numbered(row) : undefined;
  }

  private versionById(id: number): DatasetVersion {
    return this.numbered(this.db.get<VersionRow>('SELECT * FROM dataset_versions WHERE id = ?', [id])!);
  }

  /** The row with its 1-based number within its dataset. */
  private numbered(row: VersionRow): DatasetVersion {
    const number = this.db.get<{ n: number }>('SELECT count(*) AS n FROM dataset_versions WHERE path = ? AND id <= ?', [row.path, row.id])!.n;
    return toVersion(row, number);
  }
}

function statOrUndefined(abs: string): Stats | undefined {
  try {
    return statSync(abs);
  } catch {
    return undefined; // gone, a symlink loop, or unreadable: not there as data
  }
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

import { existsSync, lstatSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { invalid, notFound } from '../errors';
import type { SqlDriver } from '../store';
import type { DatasetRepository } from './datasets';
import { replaceFile } from './pointer';
import { isGlob, globToRegExp } from './track-specs';
import type { UntrackResult } from '../../shared/data';
export type { UntrackResult } from '../../shared/data';

/**
 * Stops versioning a dataset, as `dvc remove` does: the pointer file and its .gitignore line go,
 * the data stays in the workspace, the recorded versions and cache objects stay.
 */
export async function untrack(repo: DatasetRepository, db: SqlDriver, configFile: string, path: string): Promise<UntrackResult> {
  const rel = repo.relativePath(path);
  if (!db.get('SELECT 1 AS one FROM datasets WHERE path = ? AND untracked_time IS NULL', [rel])) throw notFound(`${rel} is not a tracked dataset.`);
  const removedFromConfig = await removeTrackEntry(configFile, rel);
  // Where the dataset now leads out of the workspace, its files there are not ours to touch.
  const abs = locatedOrUndefined(repo, rel);
  const pointer = `${abs}.dvc`;
  const removedPointer = abs !== undefined && existsSync(pointer);
  if (abs !== undefined) await rm(pointer, { force: true });
  const removedIgnore = abs !== undefined && (await unignoreInGit(abs));
  db.run('UPDATE datasets SET untracked_time = ? WHERE path = ?', [Date.now(), rel]);
  db.run('DELETE FROM stat_cache WHERE path = ? OR (path >= ? AND path < ?)', [rel, `${rel}/`, `${rel}0`]);
  const versionsKept = db.get<{ n: number }>('SELECT count(*) AS n FROM dataset_versions WHERE path = ?', [rel])!.n;
  return { path: rel, removedFromConfig, removedPointer, removedIgnore, versionsKept };
}

/** Drops `rel` from data.track, keeping the file's comments; refuses when a glob or a folder entry covers it. */
async function removeTrackEntry(configFile: string, rel: string): Promise<boolean> {
  if (!existsSync(configFile)) return false;
  const doc = parseDocument(await readFile(configFile, 'utf8'));
  const track = doc.getIn(['data', 'track'], true);
  if (!isSeq(track)) return false;
  const entries = track.items.map((item) => String((item as { value?: unknown }).value ?? item));
  const exact = entries.findIndex((e) => e.replace(/^\.\//, '').replace(/\/+$/, '') === rel);
  const covering = entries.find((e, i) => i !== exact && (isGlob(e) ? globToRegExp(e.replace(/^\.\//, '')).test(rel) : rel.startsWith(`${e.replace(/^\.\//, '').replace(/\/+$/, '')}/`)));
  if (covering) throw invalid(`${rel} is tracked through "${covering}" in mlops.yaml; edit data.track there to stop tracking it.`);
  if (exact < 0) return false;
  track.items.splice(exact, 1);
  if (track.items.length === 0 && isMap(doc.get('data', true))) track.flow = true;
  await writeFile(configFile, doc.toString());
  return true;
}

function locatedOrUndefined(repo: DatasetRepository, rel: string): string | undefined {
  try {
    return repo.locate(rel);
  } catch {
    return undefined;
  }
}

async function unignoreInGit(dataPath: string): Promise<boolean> {
  const gitignore = join(dirname(dataPath), '.gitignore');
  if (!lstatSync(gitignore, { throwIfNoEntry: false })?.isFile()) return false;
  const entry = `/${basename(dataPath)}`;
  const lines = (await readFile(gitignore, 'utf8')).split(/\r?\n/);
  const kept = lines.filter((line) => line !== entry);
  if (kept.length === lines.length) return false;
  const text = kept.join('\n');
  if (text.trim() === '') await rm(gitignore);
  else await replaceFile(gitignore, text);
  return true;
}

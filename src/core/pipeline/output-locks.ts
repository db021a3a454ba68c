import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MLOPS_DIR } from '../../shared/runtime-info';
import { invalidState } from '../errors';
import { isProcessRunning } from '../workspace';
import { withFileLock } from './file-lock';
import type { Stage } from './types';

interface Holder {
  pid: number;
  stage: string;
}

type Table = Record<string, Holder>;

const FILE = 'pipeline-output-locks.json';
const overlaps = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/**
 * Write locks on the outputs of the stages a process is running, shared by every process of the
 * workspace (`.mlops/pipeline-output-locks.json`, edited under a lock file), so two repros never
 * write one output at once. Unlike DVC's rwlock, a stage's deps are not locked: stages that only
 * read one unchanged file run side by side (dvc#11054). Locks of processes that are gone are ignored.
 */
export class OutputLocks {
  private readonly file: string;

  constructor(workspace: string) {
    this.file = join(workspace, MLOPS_DIR, FILE);
  }

  /** Locks `stage`'s outputs; answers the release. Fails naming the stage and process that holds one. */
  acquire(stage: Stage): () => void {
    const keys = stage.outs.map((o) => o.key);
    if (keys.length === 0 || !existsSync(join(this.file, '..'))) return () => undefined;
    this.edit((table) => {
      for (const [key, holder] of Object.entries(table)) {
        const other = keys.find((k) => overlaps(k, key));
        if (other !== undefined && holder.pid !== process.pid) {
          throw invalidState(`output '${other}' of stage '${stage.id}' (${stage.file}:${stage.line}) is being written by stage '${holder.stage}' in process ${holder.pid}; run again when it is done.`);
        }
      }
      for (const key of keys) table[key] = { pid: process.pid, stage: stage.id };
    });
    return () =>
      this.edit((table) => {
        for (const key of keys) if (table[key]?.pid === process.pid) delete table[key];
      });
  }

  private edit(change: (table: Table) => void): void {
    withFileLock(`${this.file}.lock`, 'the pipeline output locks', () => {
      const table = this.read();
      change(table);
      const temp = `${this.file}.${process.pid}.tmp`;
      try {
        writeFileSync(temp, JSON.stringify(table));
        renameSync(temp, this.file);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
    });
  }

  /** The locks of live processes. */
  private read(): Table {
    let table: Table = {};
    try {
      table = JSON.parse(readFileSync(this.file, 'utf8')) as Table;
    } catch {
      // none, or unreadable (then nothing is held)
    }
    return Object.fromEntries(Object.entries(table).filter(([, h]) => h && (h.pid === process.pid || isProcessRunning(h.pid))));
  }
}

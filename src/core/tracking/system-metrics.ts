import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface ProcessTreeUsage {
  cpuPercent: number;
  memoryMb: number;
  processes: number;
}

/** CPU and resident memory of a process and all its descendants, from `ps` (Linux and macOS). */
export async function sampleProcessTree(rootPid: number): Promise<ProcessTreeUsage | undefined> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)('ps', ['-A', '-o', 'pid=,ppid=,rss=,pcpu='], { timeout: 5000 }));
  } catch {
    return undefined;
  }
  const rows = stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((r) => r.length === 4 && r.every(Number.isFinite)) as [number, number, number, number][];
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of rows) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const byPid = new Map(rows.map((r) => [r[0], r]));
  if (!byPid.has(rootPid)) return undefined;
  let cpu = 0;
  let rssKb = 0;
  let processes = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    const row = byPid.get(pid);
    if (!row) continue;
    processes++;
    rssKb += row[2];
    cpu += row[3];
    queue.push(...(children.get(pid) ?? []));
  }
  // A tree that has exited but is not reaped yet (a zombie shows 0 rss) has nothing to report.
  if (rssKb === 0) return undefined;
  return { cpuPercent: cpu, memoryMb: rssKb / 1024, processes };
}

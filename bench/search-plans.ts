// Times run searches on a workspace seeded by `seed-tracking.ts search` (run with `node --import tsx`):
//   search-plans.ts WORKSPACE REPEATS
// For each case: the whole search (plan + page of runs) as the runtime answers it, and the rows
// alone with the planned query and with the plain query the search used before plans (the
// reference), interleaved; wall and CPU time of each. Prints one JSON object.
import { join } from 'node:path';
import { Store } from '../src/core/store';
import { Tracking } from '../src/core/tracking';
import { explainRunSearch, parseFilter, parseOrderBy, searchRunRows } from '../src/core/tracking/search';
import type { RunSearchQuery } from '../src/core/tracking/search';

interface Case {
  name: string;
  kind: 'selective' | 'broad';
  filter: string;
  orderBy?: string[];
  offset?: number;
}

const CASES: Case[] = [
  { name: 'metric > v, 0.1% match', kind: 'selective', filter: 'metrics.accuracy > 0.998' },
  { name: "param = v AND tag = v AND metric < v, 0.1%", kind: 'selective', filter: "params.seed = '7' AND tags.team = 'team-2' AND metrics.accuracy < 0.5" },
  { name: 'metric > v, 0.1%, ORDER BY the metric DESC', kind: 'selective', filter: 'metrics.accuracy > 0.998', orderBy: ['metrics.accuracy DESC'] },
  { name: 'metric > v, 1% (where the plans meet)', kind: 'selective', filter: 'metrics.accuracy > 0.99' },
  { name: "metric > v AND param = v, 12.5%", kind: 'broad', filter: "metrics.accuracy > 0.5 AND params.model = 'tree'" },
  { name: "metric > v AND param = v, 2.5%", kind: 'broad', filter: "metrics.accuracy > 0.9 AND params.model = 'tree'" },
  { name: 'metric > v, 90%, ORDER BY metric ASC, page 2', kind: 'broad', filter: 'metrics.accuracy > 0.1', orderBy: ['metrics.loss ASC'], offset: 100 },
  { name: "tag = v, 20%, ORDER BY param DESC", kind: 'broad', filter: "tags.team = 'team-1'", orderBy: ['params.seed DESC'] },
  { name: "tag = v, 20%, ORDER BY run_name", kind: 'broad', filter: "tags.team = 'team-1'", orderBy: ['attributes.run_name'] },
];

const [workspace, repeatsText] = process.argv.slice(2);
const repeats = Number(repeatsText ?? 20);
const store = Store.open(join(workspace!, '.mlops', 'mlops.db'));
const tracking = new Tracking(store, join(workspace!, '.mlops', 'artifacts'));
const PAGE = 100;

/** Wall and CPU milliseconds of one call: on a shared machine the CPU time is the steadier figure. */
function time(fn: () => unknown, cpu: number[]): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  return wall;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const results = [];
for (const c of CASES) {
  const q: RunSearchQuery = {
    experimentIds: [0],
    lifecycle: "r.lifecycle_stage = 'active'",
    filter: parseFilter(c.filter),
    orderBy: parseOrderBy(c.orderBy ?? []),
    offset: c.offset ?? 0,
    limit: PAGE + 1,
  };
  const search = () => tracking.runs.search({ experimentIds: ['0'], filter: c.filter, orderBy: c.orderBy, maxResults: PAGE, pageToken: c.offset ? Buffer.from(JSON.stringify({ offset: c.offset })).toString('base64') : undefined });
  const planned = () => searchRunRows(store.db, q);
  const plain = () => searchRunRows(store.db, q, { smallStore: Number.POSITIVE_INFINITY });
  const same = JSON.stringify(planned()) === JSON.stringify(plain());
  const found = search().items.length;
  const full: number[] = [];
  const rows: number[] = [];
  const old: number[] = [];
  const fullCpu: number[] = [];
  const rowsCpu: number[] = [];
  const oldCpu: number[] = [];
  // The plain query takes up to seconds here: three of its runs, interleaved with the planned ones.
  for (let i = 0; i < repeats; i++) {
    full.push(time(search, fullCpu));
    rows.push(time(planned, rowsCpu));
    if (i < Math.min(3, repeats)) old.push(time(plain, oldCpu));
  }
  results.push({ ...c, plan: explainRunSearch(store.db, q).kind, found, same, p50: median(full), rowsP50: median(rows), oldP50: median(old), cpuP50: median(fullCpu), rowsCpuP50: median(rowsCpu), oldCpuP50: median(oldCpu) });
}
const runs = store.db.get<{ n: number }>('SELECT count(*) AS n FROM runs')!.n;
store.close();
process.stdout.write(JSON.stringify({ runs, cases: results }));

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError, parseArgs } from '../../../src/cli/args';
import { DRIFT_VALUE_OPTIONS, driftCommand } from '../../../src/cli/commands/drift';
import { DatasetRepository } from '../../../src/core/data';
import { DomainError } from '../../../src/core/errors';
import { Store } from '../../../src/core/store';
import { seededRandom } from '../../helpers/seeded-random';
import { tempDir } from '../../helpers/temp';

/** `mlops drift ARGS` as main.ts runs it: the exit code, or the error main turns into exit 2 (UsageError) or 1. */
async function drift(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await driftCommand(parseArgs(args, new Set(['workspace', ...DRIFT_VALUE_OPTIONS])), { out: (line) => (stdout += `${line}\n`), err: () => {} });
  return { code, stdout };
}

/** Rows of x ~ N(shift, 1) and a city among a/b (c when shifted). */
function csv(rows: number, seed: number, shift = 0, header = 'x,city'): string {
  const uniform = seededRandom(seed);
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const normal = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    lines.push(`${(shift + normal).toFixed(3)},${shift ? 'c' : uniform() < 0.5 ? 'a' : 'b'}`);
  }
  return lines.join('\n') + '\n';
}

function files(): { dir: string; reference: string; calm: string; shifted: string } {
  const dir = tempDir();
  const write = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  return { dir, reference: write('reference.csv', csv(600, 1)), calm: write('calm.csv', csv(400, 2)), shifted: write('shifted.csv', csv(400, 3, 2)) };
}

describe('mlops drift', () => {
  it('prints the verdict table; --fail-on-drift exits 1 only when the dataset drifted', async () => {
    const { reference, calm, shifted } = files();
    const quiet = await drift([reference, calm, '--fail-on-drift']);
    assert.equal(quiet.code, 0);
    assert.match(quiet.stdout, /computed from every value/);
    assert.match(quiet.stdout, /^column +test +statistic +p-value +threshold +drifted +missing share$/m);
    assert.match(quiet.stdout, /^x +ks +0\.\d+ +[\d.e-]+ +0\.05 +ok +0$/m);
    assert.match(quiet.stdout, /^dataset not drifted: 0 of 2 columns drifted/m);
    const loud = await drift([reference, shifted]);
    assert.equal(loud.code, 0, 'without --fail-on-drift drift is not a failure');
    assert.match(loud.stdout, /^dataset DRIFTED: 2 of 2 columns drifted \(share 1, threshold 0\.5\)$/m);
    assert.equal((await drift([reference, shifted, '--fail-on-drift'])).code, 1);
  });

  it('--json gives the drift summary with histograms; --columns, --psi and --correction apply', async () => {
    const { reference, shifted } = files();
    const { stdout } = await drift([reference, shifted, '--json', '--columns', 'x', '--psi', '--correction', 'bonferroni']);
    const report = JSON.parse(stdout) as { columns: { column: string; test: string; histogram: { reference: number[]; current: number[] } }[]; method: string; correction: string; drifted: boolean; reference: { rows: number } };
    assert.deepEqual(report.columns.map((c) => [c.column, c.test]), [['x', 'psi']]);
    assert.equal(report.method, 'values');
    assert.equal(report.correction, 'bonferroni');
    assert.equal(report.reference.rows, 600);
    assert.deepEqual([report.columns[0]!.histogram.reference, report.columns[0]!.histogram.current].map((c) => c.reduce((a, b) => a + b, 0)), [600, 400]);
    await assert.rejects(drift([reference, shifted, '--columns', 'x,nope']), (e: unknown) => e instanceof DomainError && /No column "nope"/.test(e.message));
  });

  it('--html writes a self-contained report with every name escaped', async () => {
    const { dir } = files();
    const header = 'x,"<b onclick=""evil()"">&city</b>"';
    writeFileSync(join(dir, 'odd-ref.csv'), csv(300, 4, 0, header));
    writeFileSync(join(dir, 'odd-cur.csv'), csv(300, 5, 2, header));
    const output = join(dir, 'report.html');
    const { code, stdout } = await drift([join(dir, 'odd-ref.csv'), join(dir, 'odd-cur.csv'), '--html', '--output', output]);
    assert.equal(code, 0);
    assert.match(stdout, /^Wrote .*report\.html: dataset DRIFTED/m);
    const html = readFileSync(output, 'utf8');
    assert.match(html, /&lt;b onclick=&quot;evil\(\)&quot;&gt;&amp;city&lt;\/b&gt;/);
    assert.doesNotMatch(html, /<b onclick/);
    assert.doesNotMatch(html, /<script|\bsrc=|href=|url\(|@import/i, 'no script and no external resource');
    assert.equal(html.match(/<svg /g)?.length, 2, 'one chart per column');
    assert.match(html, /<rect class="ref"[^>]*><title>/);
  });

  it('reads tracked versions as PATH@VERSION, also a table inside a tracked folder', async () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'data'));
    const store = Store.open(join(ws, '.mlops', 'mlops.db'));
    try {
      const repo = new DatasetRepository(store.db, ws);
      writeFileSync(join(ws, 'weather.csv'), csv(500, 6));
      await repo.add('weather.csv');
      writeFileSync(join(ws, 'weather.csv'), csv(500, 7, 2));
      await repo.add('weather.csv');
      writeFileSync(join(ws, 'data', 'days.csv'), csv(500, 8));
      await repo.add('data');
    } finally {
      store.close();
    }
    const versions = await drift([join(ws, 'weather.csv@1'), join(ws, 'weather.csv@v2'), '--workspace', ws]);
    assert.match(versions.stdout, /^reference weather\.csv@v1 \(500 rows\), current weather\.csv@v2 \(500 rows\)/m);
    assert.match(versions.stdout, /dataset DRIFTED/);
    const inFolder = await drift([join(ws, 'data/days.csv@1'), join(ws, 'weather.csv@1'), '--workspace', ws]);
    assert.match(inFolder.stdout, /^reference data\/days\.csv@v1 \(500 rows\), current weather\.csv@v1/m);
    await assert.rejects(drift([join(ws, 'weather.csv@9'), join(ws, 'weather.csv@1'), '--workspace', ws]), /No version "9" \(versions: v1, v2\)/);
  });

  it('says which file is missing, and refuses bad usage', async () => {
    const { dir, reference } = files();
    await assert.rejects(drift([reference, join(dir, 'missing.csv')]), (e: unknown) => e instanceof DomainError && /missing\.csv does not exist/.test(e.message));
    await assert.rejects(drift([reference]), UsageError);
    await assert.rejects(drift([reference, reference, '--json', '--html']), UsageError);
    await assert.rejects(drift([reference, reference, '--correction', 'holm']), /--correction must be one of none, bonferroni, benjamini-hochberg/);
  });

  it('compares bounded-memory profiles above the raw-value limit and says so', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.csv'), csv(210_000, 9));
    writeFileSync(join(dir, 'small.csv'), csv(5000, 10, 0.5));
    const { stdout } = await drift([join(dir, 'big.csv'), join(dir, 'small.csv')]);
    assert.match(stdout, /computed from profiles \(bounded memory/);
    assert.match(stdout, /^x +wasserstein +\S+ +- +0\.1 +DRIFT/m);
  });
});

// Extension activation time as VS Code reports it (Developer: Show Running Extensions), read from
// the real VS Code of the e2e setup, next to the built-in Git extension measured in the same window.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freePort, prepareProfile, startCodeServer } from '../test/e2e/code-server.mjs';

async function readActivationTimes(page) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.fill('>Developer: Show Running Extensions');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor();
  await page.keyboard.press('Enter');
  const rows = page.locator('.runtime-extensions-editor .monaco-list-row');
  await rows.first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  // The list is virtual: only rows in view exist, so page through it and collect as it scrolls.
  const seen = new Map();
  await rows.first().hover();
  for (let i = 0; i < 40; i++) {
    const visible = await rows.evaluateAll((elements) =>
      elements.map((el) => ({
        name: el.querySelector('.name')?.textContent?.trim() ?? '',
        time: el.querySelector('.activation-time')?.textContent?.trim() ?? '',
      })),
    );
    const before = seen.size;
    for (const row of visible) seen.set(row.name, row);
    if (seen.has('Local MLOps') && seen.has('Git')) break;
    if (i > 0 && seen.size === before) break;
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(200);
  }
  return [...seen.values()];
}

function millis(text) {
  const match = /([\d.]+)\s*ms/.exec(text ?? '');
  return match ? Number(match[1]) : undefined;
}

export async function activationTime(tools, vsix, runs = 3) {
  const samples = [];
  const git = [];
  for (let i = 0; i < runs; i++) {
    const work = mkdtempSync(join(tmpdir(), 'mlops-bench-act-'));
    const workspace = join(work, 'weather');
    cpSync('examples/weather', workspace, { recursive: true, filter: (src) => !src.includes('.mlops') });
    const profile = prepareProfile(tools, work, { vsixes: [vsix] });
    const server = await startCodeServer(tools, { port: await freePort(), ...profile, workspace });
    const browser = await chromium.launch({ executablePath: tools.chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(server.url);
      await page.locator('[aria-label="MLOps runtime ready"]').first().waitFor({ timeout: 60_000 });
      const rows = await readActivationTimes(page);
      const ours = rows.find((r) => r.name === 'Local MLOps');
      const theirs = rows.find((r) => r.name === 'Git');
      if (ours && millis(ours.time) !== undefined) samples.push(millis(ours.time));
      if (theirs && millis(theirs.time) !== undefined) git.push(millis(theirs.time));
      if (!ours) throw new Error(`Local MLOps not in Running Extensions: ${JSON.stringify(rows.slice(0, 5))}`);
    } finally {
      await browser.close();
      await server.stop();
      try {
        const { pid } = JSON.parse((await import('node:fs')).readFileSync(join(workspace, '.mlops', 'runtime.json'), 'utf8'));
        process.kill(pid, 'SIGTERM');
      } catch {
        // gone
      }
      rmSync(work, { recursive: true, force: true });
    }
  }
  return { samples, git };
}

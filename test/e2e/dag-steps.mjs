// The pipeline DAG in the journey (after Run Pipeline): opened from the Pipelines view, its stages
// laid out and coloured by state, live when params.yaml changes, and a click opens dvc.yaml at the
// stage. It closes the editors it opened.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TIMEOUT = 60_000;

/** The stages of the workspace's dvc.yaml with their 1-based lines (top-level `stages:` keys). */
function stagesOf(workspace) {
  const lines = readFileSync(join(workspace, 'dvc.yaml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^stages:\s*$/.test(l));
  const stages = [];
  for (let i = start + 1; i < lines.length && !/^\S/.test(lines[i]); i++) {
    const m = /^ {2}([\w.@-]+):\s*$/.exec(lines[i]);
    if (m) stages.push({ name: m[1], line: i + 1 });
  }
  return stages;
}

/** The DAG page's document: code-server nests each webview in two iframes. */
function dagFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

function pipelinesPane(page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Pipelines' }) }).first();
}

async function openMlopsContainer(page) {
  const item = page.locator('.activitybar [role="tab"][aria-label^="MLOps"], .activitybar a[aria-label^="MLOps"]').first();
  await item.waitFor({ timeout: TIMEOUT });
  const container = page.locator('.pane-header', { hasText: 'Pipelines' });
  if (!(await container.isVisible())) await item.click();
  await container.waitFor({ timeout: TIMEOUT });
}

async function closeAllEditors(page) {
  await page.keyboard.press('Escape');
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 10 } }).catch(() => {});
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill('>View: Close All Editors');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'View: Close All Editors' }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: TIMEOUT });
}

function stageNode(frame, name) {
  return frame.locator(`g.stage[data-stage="${name}"]`);
}

async function screenshot(page, name) {
  if (process.env.MLOPS_E2E_RESULTS) await page.screenshot({ path: join(process.env.MLOPS_E2E_RESULTS, name) }).catch(() => {});
}

export const dagSteps = [
  {
    title: 'Show Pipeline DAG from the Pipelines view title draws the stages laid out, each coloured by its state, live when params.yaml changes',
    async run(page, { workspace }) {
      const stages = stagesOf(workspace);
      assert.ok(stages.length >= 2, `the example's dvc.yaml has stages: ${JSON.stringify(stages)}`);
      await closeAllEditors(page);
      await openMlopsContainer(page);
      const pane = pipelinesPane(page);
      await pane.locator('.pane-header').first().hover();
      await pane.locator('.pane-header .action-label[aria-label="Show Pipeline DAG"]').click();
      const frame = dagFrame(page);
      await frame.locator('g.stage').nth(stages.length - 1).waitFor({ timeout: TIMEOUT });
      const drawn = await frame.locator('g.stage').evaluateAll((nodes) => nodes.map((g) => ({ stage: g.getAttribute('data-stage'), cls: g.getAttribute('class'), at: g.getAttribute('transform'), label: g.getAttribute('aria-label') })));
      assert.deepEqual(drawn.map((n) => n.stage).sort(), stages.map((s) => s.name).sort());
      // After Run Pipeline every stage is up to date, and says so.
      for (const n of drawn) {
        assert.match(n.cls, /\bstate-up-to-date\b/, `${n.stage}: ${n.cls}`);
        assert.match(n.label, /, up to date$/);
      }
      assert.equal(new Set(drawn.map((n) => n.at)).size, drawn.length, 'each stage has its own place');
      assert.ok((await frame.locator('path.edge').count()) >= stages.length - 1, 'the stages are joined');
      await screenshot(page, 'dag.png');

      // Live: a changed param marks its stages changed (with the reason), and putting it back clears it.
      const paramsFile = join(workspace, 'params.yaml');
      const params = readFileSync(paramsFile, 'utf8');
      const edited = params.replace(/^(\s+\w+:\s*)(\d+(?:\.\d+)?)\s*$/m, (_, key, value) => `${key}${Number(value) + 1}`);
      assert.notEqual(edited, params, 'params.yaml has a number to change');
      writeFileSync(paramsFile, edited);
      try {
        const changed = frame.locator('g.stage.state-changed').first();
        await changed.waitFor({ timeout: TIMEOUT });
        assert.match(await changed.locator('text.state').textContent(), /^changed/);
        await screenshot(page, 'dag-changed.png');
      } finally {
        writeFileSync(paramsFile, params);
      }
      await frame.locator('g.stage.state-changed').first().waitFor({ state: 'detached', timeout: TIMEOUT });

      // Data files and params as nodes on demand.
      await frame.locator('#show-data').click();
      await frame.locator('g.data').first().waitFor({ timeout: TIMEOUT });
      assert.ok((await frame.locator('g.param').count()) > 0, 'params as nodes');
      await screenshot(page, 'dag-data.png');
      await frame.locator('#show-data').click();
      await frame.locator('g.data').first().waitFor({ state: 'detached', timeout: TIMEOUT });
    },
  },
  {
    title: 'clicking a stage in the DAG opens dvc.yaml at its line',
    async run(page, { workspace }) {
      const stages = stagesOf(workspace);
      const target = stages.find((s) => s.name === 'train') ?? stages[stages.length - 1];
      const frame = dagFrame(page);
      await stageNode(frame, target.name).click();
      await page.locator('.tabs-container .tab.active', { hasText: 'dvc.yaml' }).first().waitFor({ timeout: TIMEOUT });
      await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${target.line}, Col \\d+`) }).first().waitFor({ timeout: TIMEOUT });
      // The graph stays open beside it.
      await frame.locator(`g.stage[data-stage="${target.name}"][class*="state-"]`).waitFor({ timeout: TIMEOUT });
      await screenshot(page, 'dag-definition.png');
      // Later steps open dvc.yaml afresh (at its top), and find only their own webviews.
      await closeAllEditors(page);
    },
  },
];

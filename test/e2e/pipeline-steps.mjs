// The journey's pipeline steps (USER_JOURNEY step 3), run after the retrain changed data/weather.csv:
// the Pipelines view, Run Pipeline (each stage a tracked run, independent stages in parallel) and the
// dvc.yaml CodeLens. Same shape as ui-tests.mjs's steps: { title, run(page, { workspace }) }.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dagSteps } from './dag-steps.mjs';

const TIMEOUT = 60_000;
const STAGES = ['prepare', 'featurize', 'profile', 'train', 'evaluate'];

function pane(page, name) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: name }) }).first();
}

async function runCommand(page, title) {
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 10 } }).catch(() => {});
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

/** The workspace runtime's own API, as the CLI reaches it (.mlops/runtime.json). */
async function runtimeApi(workspace, method, path, body) {
  const info = JSON.parse(readFileSync(join(workspace, '.mlops', 'runtime.json'), 'utf8'));
  const response = await fetch(`http://127.0.0.1:${info.port}${path}`, {
    method,
    headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
    ...(body && { body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status}`);
  return response.json();
}

async function expandPipelines(page) {
  const header = page.locator('.pane-header', { hasText: 'Pipelines' }).first();
  await header.waitFor({ timeout: TIMEOUT });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
}

export const pipelineSteps = [
  {
    title: 'the Pipelines view lists the example dvc.yaml stages, changed, each with the reason',
    async run(page) {
      await expandPipelines(page);
      const view = pane(page, 'Pipelines');
      for (const stage of STAGES) {
        const row = view.locator(`.monaco-list-row[aria-label^="Stage ${stage}, changed, "]`).first();
        await row.waitFor({ timeout: TIMEOUT });
        assert.match(await row.locator('.label-description').innerText(), /^changed · \S/);
      }
    },
  },
  {
    title: 'Run Pipeline runs the stages (featurize and profile in parallel), each a tracked run, and every stage goes up to date',
    async run(page, { workspace }) {
      await runCommand(page, 'MLOps: Run Pipeline');
      const done = page.locator('.notifications-toasts .notification-toast', { hasText: 'Pipeline: ran prepare' }).first();
      await done.waitFor({ timeout: 180_000 });
      const view = pane(page, 'Pipelines');
      for (const stage of STAGES) await view.locator(`.monaco-list-row[aria-label="Stage ${stage}, up to date"]`).first().waitFor({ timeout: TIMEOUT });

      const { jobs } = await runtimeApi(workspace, 'GET', '/api/jobs?limit=100');
      const job = (stage) => jobs.find((j) => j.kind === 'stage' && j.label.startsWith(`stage ${stage}: `));
      for (const stage of STAGES) assert.equal(job(stage)?.state, 'SUCCEEDED', `the ${stage} stage ran`);
      const [a, b] = [job('featurize'), job('profile')];
      assert.ok(a.startedAt < b.endedAt && b.startedAt < a.endedAt, `featurize and profile overlap: ${JSON.stringify([a, b].map((j) => [j.startedAt, j.endedAt]))}`);

      const { runs } = await runtimeApi(workspace, 'POST', '/api/2.0/mlflow/runs/search', { experiment_ids: ['0'], max_results: 100 });
      const names = runs.map((r) => r.info.run_name);
      for (const stage of STAGES) assert.ok(names.includes(stage), `a run named ${stage} in ${names.join(', ')}`);
      const runsView = pane(page, 'Runs');
      const weather = runsView.locator('.monaco-list-row[aria-expanded="true"]', { hasText: 'weather' }).first();
      if (await weather.isVisible()) await weather.click();
      await runsView.locator('.monaco-list-row[aria-label="Run train, finished"]').first().waitFor({ timeout: TIMEOUT });
    },
  },
  // The DAG webview's steps run here, after Run Pipeline (every stage up to date).
  ...dagSteps,
  {
    title: 'in dvc.yaml a CodeLens above each stage shows its state and Run; the stage name hovers with its last run',
    async run(page) {
      await page.locator('.monaco-workbench').click({ position: { x: 600, y: 10 } }).catch(() => {});
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input[type="text"]');
      await input.waitFor({ state: 'visible', timeout: TIMEOUT });
      await input.fill('dvc.yaml');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'dvc.yaml' }).first().waitFor({ timeout: TIMEOUT });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: 'dvc.yaml' }).first().waitFor({ timeout: TIMEOUT });
      // Lenses of an editor hidden behind another tab stay in the DOM: only the visible ones count.
      const lenses = page.locator('.monaco-editor .codelens-decoration').filter({ visible: true });
      await lenses.filter({ hasText: 'up to date' }).first().waitFor({ timeout: TIMEOUT });
      await lenses.filter({ hasText: 'Run' }).first().waitFor({ timeout: TIMEOUT });
      const text = await lenses.allInnerTexts();
      // One decoration per stage line holds both lenses: its state, then Run.
      const stages = text.filter((t) => /up to date/.test(t));
      assert.ok(stages.length >= 1 && stages.every((t) => /up to date[\s\S]*\bRun\s*$/.test(t)), `state and Run above each stage: ${text.join(' | ')}`);
      // Hovering a stage's name (whichever is on screen): its last run's duration.
      let line;
      for (const stage of STAGES) {
        const candidate = page.locator('.monaco-editor .view-lines .view-line', { hasText: new RegExp(`^\\s+${stage}:`) }).filter({ visible: true }).first();
        if (await candidate.count()) {
          line = candidate;
          break;
        }
      }
      assert.ok(line, 'a stage name is on screen');
      const box = await line.boundingBox();
      const word = line.locator('span span', { hasText: new RegExp(`^(${STAGES.join('|')})$`) }).first();
      if (await word.count()) await word.hover();
      else await page.mouse.move(box.x + 40, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover', { hasText: 'Last run:' }).first();
      await hover.waitFor({ timeout: TIMEOUT });
      assert.match(await hover.innerText(), /Last run: \d+(s|m)/);
    },
  },
];

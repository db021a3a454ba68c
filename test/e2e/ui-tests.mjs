// What a user does in the browser VS Code, as Playwright steps. Each test gets the page and the
// workspace folder's path, and returns nothing or throws; the harness counts them.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipelineSteps } from './pipeline-steps.mjs';

const TIMEOUT = 60_000;

async function openMlopsContainer(page) {
  const item = page.locator('.activitybar [role="tab"][aria-label^="MLOps"], .activitybar a[aria-label^="MLOps"]').first();
  await item.waitFor({ timeout: TIMEOUT });
  const container = page.locator('.pane-header', { hasText: 'Runs' });
  if (!(await container.isVisible())) await item.click();
  await container.waitFor({ timeout: TIMEOUT });
}

async function runCommand(page, title) {
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 10 } }).catch(() => {});
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

/** Runs a task as a user would from an empty Runs view: its Run Task button, then the task's label. */
async function runTaskFromRunsView(page, label) {
  await openMlopsContainer(page);
  await page.locator('.welcome-view-content .monaco-button', { hasText: 'Run Task' }).first().click();
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

/** The compare panel's document: code-server nests each webview in two iframes. */
function compareFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}


/** Opens a workspace file through Quick Open, as a user types its name (and `:line` to go to a line). */
async function openWorkspaceFile(page, name, line) {
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 10 } }).catch(() => {});
  await page.keyboard.press('F1');
  const input = await quickInput(page);
  await input.fill(line ? `${name}:${line}` : name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: TIMEOUT });
}

function modelsPane(page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Models' }) }).first();
}

/** Right-clicks a tree row and chooses an item of its context menu. */
async function contextMenu(page, row, item) {
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  const entry = menu.locator('.action-item', { hasText: item }).first();
  await entry.hover({ timeout: TIMEOUT });
  await entry.click();
  // A click while the menu still animates in can go unheard; the hovered item has focus, so Enter chooses it.
  if (!(await menu.waitFor({ state: 'hidden', timeout: 1500 }).then(() => true, () => false))) await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden', timeout: TIMEOUT });
}

async function quickInput(page) {
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  return input;
}

/** Answers the quick input whose title is `title` with `text`, then Enter. */
async function answer(page, title, text) {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: TIMEOUT });
  const input = await quickInput(page);
  await input.fill(text);
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
}

async function runTaskFromPalette(page, label) {
  await runCommand(page, 'Tasks: Run Task');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'mlops: train' }).first().waitFor({ timeout: TIMEOUT });
  await (await quickInput(page)).fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click({ timeout: TIMEOUT });
}

/** A toast whose message contains `text`; resolves to it once visible. */
async function toast(page, text, timeout = TIMEOUT) {
  const found = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await found.waitFor({ timeout });
  return found;
}

async function waitForUrl(url, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const uiTests = [
  {
    title: 'the workbench loads with the MLOps icon in the activity bar',
    async run(page) {
      await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
      await page.locator('.activitybar [aria-label^="MLOps"]').first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'opening the MLOps container shows the Runs, Datasets, Pipelines and Models views',
    async run(page) {
      await openMlopsContainer(page);
      for (const name of ['Runs', 'Datasets', 'Pipelines', 'Models']) {
        await page.locator('.pane-header', { hasText: name }).first().waitFor({ timeout: TIMEOUT });
      }
    },
  },
  {
    title: 'an empty view says what to do first, with a button',
    async run(page) {
      await openMlopsContainer(page);
      const welcome = page.locator('.welcome-view-content', { hasText: 'No runs yet' });
      await welcome.waitFor({ timeout: TIMEOUT });
      await welcome.locator('.monaco-button, a', { hasText: 'Open mlops.yaml' }).first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'the status bar goes to ready',
    async run(page) {
      await page.locator('[aria-label="MLOps runtime ready"]').first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'MLOps: Show Logs from the command palette shows the Local MLOps log',
    async run(page) {
      await runCommand(page, 'MLOps: Show Logs');
      const output = page.locator('.part.panel .monaco-editor .view-lines');
      await output.filter({ hasText: 'connected to the runtime' }).first().waitFor({ timeout: TIMEOUT });
      const text = (await output.first().innerText()).replace(/\s+/g, ' ');
      assert.match(text, /activated in [\d.]+ ms/);
    },
  },
  {
    title: 'MLOps: Open mlops.yaml opens the workspace config in an editor',
    async run(page) {
      await runCommand(page, 'MLOps: Open mlops.yaml');
      await page.locator('.tabs-container .tab', { hasText: 'mlops.yaml' }).first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'a typo saved in mlops.yaml shows in the Problems panel with its line, and fixing it clears it; the runtime keeps running',
    async run(page, { workspace }) {
      const config = join(workspace, 'mlops.yaml');
      const good = readFileSync(config, 'utf8');
      writeFileSync(config, `${good}\ndat:\n  track: [more/]\n`);
      const typoLine = good.split('\n').length + 1;
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'setting "dat"' }).first();
      await row.waitFor({ timeout: TIMEOUT });
      const text = await row.innerText();
      assert.match(text, /did you mean "data"\?/);
      assert.match(text, new RegExp(`\\[Ln ${typoLine}, Col 1\\]`));
      writeFileSync(config, good);
      await row.waitFor({ state: 'detached', timeout: TIMEOUT });
      await page.keyboard.press('Control+Shift+M');
    },
  },
  {
    title: 'Tasks: Run Task → mlops: train tracks a run that appears in the Runs view and ends finished',
    async run(page) {
      await runTaskFromRunsView(page, 'mlops: train');
      const runsPane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Runs' }) }).first();
      await runsPane.locator('.monaco-list-row', { hasText: 'weather' }).first().waitFor({ timeout: TIMEOUT });
      const finished = runsPane.locator('.monaco-list-row[aria-label$=", finished"]').first();
      await finished.waitFor({ timeout: 120_000 });
      const description = await finished.locator('.label-description').innerText();
      assert.match(description, /val_accuracy 0\.\d+/);
    },
  },
  {
    title: 'clicking a run opens its run page: status, lineage, params, a drawn chart per metric and artifact previews',
    async run(page) {
      const runsPane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Runs' }) }).first();
      const started = Date.now();
      await runsPane.locator('.monaco-list-row[aria-label$=", finished"]').first().click();
      const frame = compareFrame(page);
      await frame.locator('#run-status[data-status="finished"]').waitFor({ timeout: TIMEOUT });
      assert.match(await frame.locator('#lineage-command').innerText(), /node train\.js/);
      assert.match(await frame.locator('#lineage').innerText(), /exit code 0/);
      assert.match(await frame.locator('.lineage-data button').first().innerText(), /^data\/weather\.csv v\d+$/);
      assert.equal(await frame.locator('#params tr[data-key="epochs"] td').innerText(), '40');
      const chart = frame.locator('#metric-charts canvas[data-metric="val_accuracy"]');
      await chart.waitFor({ timeout: TIMEOUT });
      const painted = () =>
        chart.evaluate((canvas) => {
          const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
          for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
          return false;
        });
      while (!(await painted())) {
        if (Date.now() - started > TIMEOUT) throw new Error('the val_accuracy chart never drew');
        await page.waitForTimeout(20);
      }
      console.log(`    run page: val_accuracy chart painted ${Date.now() - started} ms after the click`);
      await frame.locator('button.artifact[data-path="model/model.onnx"]').click();
      await frame.locator('#artifact-preview[data-kind="onnx"] .onnx-input tbody tr').first().waitFor({ timeout: TIMEOUT });
      assert.match(await frame.locator('.preview-onnx .features').innerText(), /precipitation, temp_max/);
      await frame.locator('button.artifact[data-path="model/weights.json"]').click();
      const json = frame.locator('#artifact-preview[data-kind="json"] pre.preview-json');
      await json.waitFor({ timeout: TIMEOUT });
      assert.match(await json.innerText(), /^\{\n {2}"classes": \[/);
      // Closed, so later steps find only their own webview.
      const tab = page.locator('.tabs-container .tab', { hasText: /\bRun / }).first();
      await tab.hover();
      await tab.locator('.tab-actions .action-label').first().click();
      await tab.waitFor({ state: 'detached', timeout: TIMEOUT });
    },
  },
  {
    title: 'Run Experiment… from the Runs view title: pick mlops: train, edit learning_rate in the form, Run: a new run finishes with the edited value',
    async run(page) {
      await page.keyboard.press('Escape');
      await runCommand(page, 'View: Close All Editors');
      await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: TIMEOUT });
      await openMlopsContainer(page);
      const runsPane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Runs' }) }).first();
      await runsPane.locator('.pane-header').first().hover();
      await runsPane.locator('.pane-header .action-label[aria-label="Run Experiment…"]').click();
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Run Experiment: which training?' }).waitFor({ timeout: TIMEOUT });
      await (await quickInput(page)).fill('mlops: train');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'mlops: train' }).first().waitFor({ timeout: TIMEOUT });
      await page.keyboard.press('Enter');
      const form = compareFrame(page);
      await form.locator('h1').waitFor({ timeout: TIMEOUT });
      assert.equal(await form.locator('h1').innerText(), 'mlops: train');
      assert.match(await form.locator('#source-note').innerText(), /Params of mlops: train/);
      const lr = form.locator('vscode-textfield[data-key="learning_rate"] input');
      assert.equal(await lr.inputValue({ timeout: TIMEOUT }), '0.5', 'the task’s value');
      await lr.fill('0.2');
      await form.locator('#run-name input').fill('lr-0.2-from-form');
      await form.locator('#run').click();
      const row = runsPane.locator('.monaco-list-row', { hasText: 'lr-0.2-from-form' }).first();
      await row.waitFor({ timeout: TIMEOUT });
      await runsPane.locator('.monaco-list-row[aria-label^="Run lr-0.2-from-form,"][aria-label$=", finished"]').first().waitFor({ timeout: 120_000 });
      await row.hover();
      const hover = page.locator('.workbench-hover, .monaco-hover', { hasText: 'learning_rate' }).first();
      await hover.waitFor({ timeout: TIMEOUT });
      assert.match((await hover.innerText()).replace(/\s+/g, ' '), /learning_rate 0\.2\b/);
      await page.keyboard.press('Escape');
    },
  },
  {
    title: 'train.js shows a short lens per logged metric (its last value, details on hover); train.py, never run, shows none',
    async run(page, { workspace }) {
      // Editors render lenses only near the visible lines: open train.js at its logMetrics call.
      const line = readFileSync(join(workspace, 'train.js'), 'utf8').split('\n').findIndex((l) => l.includes('logMetrics(')) + 1;
      assert.ok(line > 0, 'train.js logs its metrics with run.logMetrics');
      await openWorkspaceFile(page, 'train.js', line);
      const lenses = page.locator('.editor-group-container .monaco-editor .codelens-decoration a');
      const valAccuracy = lenses.filter({ hasText: /^val_accuracy \d/ }).first();
      await valAccuracy.waitFor({ timeout: TIMEOUT });
      // The best value, the trend and which runs are in the lens's hover text.
      assert.match(await valAccuracy.getAttribute('title'), /val_accuracy: higher is better · logged by \d+ of the last \d+ runs? of train\.js/);
      const titles = await lenses.allInnerTexts();
      for (const title of titles) assert.match(title.trim(), /^[\w./-]+ (-?[\d.e+-]+|NaN|— not logged yet)$/, `a lens is one metric and its value: ${JSON.stringify(titles)}`);
      const pyLine = readFileSync(join(workspace, 'train.py'), 'utf8').split('\n').findIndex((l) => l.includes('log_metric(')) + 1;
      assert.ok(pyLine > 0, 'train.py logs its metrics with mlflow.log_metric');
      await openWorkspaceFile(page, 'train.py', pyLine);
      await page.locator('.editor-group-container .monaco-editor .view-lines', { hasText: 'log_metric' }).first().waitFor({ timeout: TIMEOUT });
      // Absence has no event to wait for: the lenses of train.js came within the debounce, these must not come at all.
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline) {
        assert.equal(await lenses.count(), 0, `train.py shows the runs of another file: ${JSON.stringify(await lenses.allInnerTexts())}`);
        await page.waitForTimeout(250);
      }
      await runCommand(page, 'View: Close All Editors');
    },
  },
  {
    title: 'the trained model is registered: the Models view lists it, and a version opens its model card',
    async run(page) {
      await openMlopsContainer(page);
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Models' }) }).first();
      const model = pane.locator('.monaco-list-row[aria-label^="Model weather,"]').first();
      await model.waitFor({ timeout: TIMEOUT });
      if ((await model.getAttribute('aria-expanded')) !== 'true') await model.click();
      const version = pane.locator('.monaco-list-row[aria-label^="weather version 1"]').first();
      await version.waitFor({ timeout: TIMEOUT });
      // Unvalidated, the version still says which run made it and how it scored there.
      assert.match(await version.getAttribute('aria-label'), /^weather version 1, [\w-]+ · val_accuracy 0\.\d+/);
      await version.click();
      await page.locator('.tabs-container .tab', { hasText: 'weather v1 card' }).first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'the Datasets view shows the tracked table data/weather.csv at version 1 with its rows × columns',
    async run(page) {
      await openMlopsContainer(page);
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).first();
      const row = pane.locator('.monaco-list-row[aria-label^="Dataset data/weather.csv,"]').first();
      await row.waitFor({ timeout: TIMEOUT });
      assert.match(await row.getAttribute('aria-label'), /version [1-9]/);
      assert.match(await row.locator('.label-description').innerText(), /1,640 rows × 9 cols/);
    },
  },
  {
    title: 'editing the CSV and saving it makes a new version appear within seconds',
    async run(page) {
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).first();
      const before = Number(/version (\d+)/.exec(await pane.locator('.monaco-list-row[aria-label^="Dataset data/weather.csv,"]').first().getAttribute('aria-label'))[1]);
      // Through the Explorer, as a user would: DVC-tracked data is git-ignored, so Quick Open hides it.
      await page.locator('.activitybar [aria-label^="Explorer"]').first().click();
      const explorer = page.locator('.explorer-folders-view');
      const folderRow = explorer.locator('.monaco-list-row[aria-label="data"]').first();
      await folderRow.waitFor({ timeout: TIMEOUT });
      if ((await folderRow.getAttribute('aria-expanded')) !== 'true') await folderRow.click();
      await explorer.locator('.monaco-list-row[aria-label="weather.csv"]').first().click();
      await page.locator('.tabs-container .tab', { hasText: 'weather.csv' }).first().waitFor({ timeout: TIMEOUT });
      await page.locator('.editor-group-container .monaco-editor').first().click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('Seattle,2015-01-01,0.0,5.0,1.0,3.0,0.5,0.866025,sun\n');
      await page.keyboard.press('Control+S');
      await openMlopsContainer(page);
      await pane.locator(`.monaco-list-row[aria-label^="Dataset data/weather.csv, version ${before + 1}"]`).first().waitFor({ timeout: 15_000 });
    },
  },
  {
    title: 'restoring version 1 from the Datasets view asks first, then records the restore as a new version',
    async run(page) {
      await openMlopsContainer(page);
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).first();
      const dataset = pane.locator('.monaco-list-row[aria-label^="Dataset data/weather.csv,"]').first();
      const before = Number(/version (\d+)/.exec(await dataset.getAttribute('aria-label'))[1]);
      if ((await dataset.getAttribute('aria-expanded')) !== 'true') await dataset.click();
      const v1 = pane.locator('.monaco-list-row[aria-label="data/weather.csv version 1"]').first();
      await v1.waitFor({ timeout: TIMEOUT });
      await v1.hover();
      await v1.locator('.action-label[aria-label="Restore This Version"]').click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: TIMEOUT });
      assert.match(await dialog.innerText(), /Restore data\/weather\.csv to v1\?/);
      await dialog.locator('.monaco-button', { hasText: 'Restore' }).first().click();
      await pane.locator(`.monaco-list-row[aria-label^="Dataset data/weather.csv, version ${before + 1}"]`).first().waitFor({ timeout: 15_000 });
    },
  },
  {
    title: 'the dataset is marked not pushed until Push Data sends it to the remote',
    async run(page) {
      await openMlopsContainer(page);
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).first();
      await pane.locator('.monaco-list-row[aria-label^="Dataset data/weather.csv,"][aria-label$=", not pushed"]').first().waitFor({ timeout: TIMEOUT });
      await pane.locator('.pane-header').first().hover();
      await pane.locator('.pane-header .action-label[aria-label="Push Data to Remote"]').click();
      await pane.locator('.monaco-list-row[aria-label^="Dataset data/weather.csv,"]:not([aria-label$=", not pushed"])').first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'Compare Versions on a dataset version opens the panel with the rows, per-column statistics and drift since the previous one',
    async run(page) {
      await openMlopsContainer(page);
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).first();
      const v2 = pane.locator('.monaco-list-row[aria-label="data/weather.csv version 2"]').first();
      await v2.waitFor({ timeout: TIMEOUT });
      await v2.hover();
      await v2.locator('.action-label[aria-label="Compare Versions"]').click();
      const frame = compareFrame(page);
      await frame.locator('h1', { hasText: 'data/weather.csv: v1 → v2' }).waitFor({ timeout: TIMEOUT });
      assert.equal(await frame.locator('#rows').innerText(), 'Rows: 1,640 → 1,641 (+1)');
      const columns = await frame.locator('table.columns tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')));
      for (const name of ['precipitation', 'temp_max', 'month_sin', 'month_cos', 'weather']) assert.ok(columns.includes(name), `a row of statistics for ${name}: ${columns}`);
      assert.match(await frame.locator('table.columns tr[data-column="temp_max"] td').nth(2).innerText(), /stable|drift/);
      await page.keyboard.press('Escape');
      await page.locator('.tabs-container .tab.active .codicon-close, .tabs-container .tab.active .action-label.codicon-close').first().click().catch(() => {});
    },
  },
  {
    title: 'selecting two runs and choosing Compare Runs shows the param diff, the metric table and drawn curves',
    async run(page) {
      await page.keyboard.press('Escape');
      // Focus back in the workbench (a webview may hold it): the CSV's tab, then its text.
      await page.locator('.tabs-container .tab', { hasText: 'weather.csv' }).first().click();
      await page.locator('.editor-group-container .monaco-editor').first().click();
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input[type="text"]');
      await input.waitFor({ timeout: TIMEOUT });
      await page.keyboard.type('Tasks: Run Task');
      await page.locator('.quick-input-list .monaco-list-row[aria-label^="Tasks: Run Task"]').first().click({ timeout: TIMEOUT });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'mlops: train' }).first().waitFor({ timeout: TIMEOUT });
      await page.keyboard.type('slow learner');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'slow learner' }).first().click({ timeout: TIMEOUT });
      await openMlopsContainer(page);
      const runsPane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Runs' }) }).first();
      const finished = runsPane.locator('.monaco-list-row[aria-label$=", finished"]');
      // The slow learner is the third run: once it finished, no run event refreshes the view mid-selection.
      await finished.nth(2).waitFor({ timeout: 120_000 });
      await finished.nth(0).click();
      await finished.nth(1).click({ modifiers: ['Control'] });
      const started = Date.now();
      await runsPane.locator('.pane-header .action-label[aria-label="Compare Runs"]').click();
      const frame = compareFrame(page);
      await frame.locator('canvas').first().waitFor({ timeout: TIMEOUT });
      const painted = async () =>
        frame.locator('figure.chart canvas').first().evaluate((canvas) => {
          const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
          for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
          return false;
        });
      while (!(await painted())) {
        if (Date.now() - started > TIMEOUT) throw new Error('the first chart never drew');
        await page.waitForTimeout(20);
      }
      const clickToPaint = Date.now() - started;
      const body = frame.locator('body[data-first-chart-ms]');
      const [inPage, dataAt, chartCodeAt] = await Promise.all(['data-first-chart-ms', 'data-data-ms', 'data-chart-code-ms'].map((a) => body.getAttribute(a, { timeout: TIMEOUT })));
      // Issue 18's goal: < 500 ms from the click (the data is requested before the page is ready, chart code loads beside the tables).
      console.log(`    compare panel: click → first chart paint ${clickToPaint} ms (goal < 500 ms); in the page (ms since it started loading): data ${dataAt}, chart code ${chartCodeAt}, first chart ${inPage}`);
      const lr = frame.locator('table.params tr[data-param="learning_rate"]');
      assert.ok(await lr.evaluate((row) => row.classList.contains('differs')), 'learning_rate differs between the runs');
      assert.equal(await frame.locator('table.params tr[data-param="model"]').count(), 1);
      assert.ok((await frame.locator('table.metrics tr[data-metric="val_accuracy"] td.best').count()) === 1, 'one best run for val_accuracy');
      await frame.locator('#only-differences').click();
      await frame.locator('table.params tr[data-param="model"]').waitFor({ state: 'detached', timeout: TIMEOUT });
      assert.equal(await lr.count(), 1);
    },
  },
  {
    title: 'train.js registered only its best run; Register Model… on the slow learner’s run registers it by hand as version 2',
    async run(page) {
      await page.keyboard.press('Escape');
      await runCommand(page, 'View: Close All Editors');
      await openMlopsContainer(page);
      const pane = modelsPane(page);
      const model = pane.locator('.monaco-list-row[aria-label^="Model weather,"]').first();
      if ((await model.getAttribute('aria-expanded')) !== 'true') await model.click();
      await pane.locator('.monaco-list-row[aria-label^="weather version 1"]').first().waitFor({ timeout: TIMEOUT });
      assert.equal(await pane.locator('.monaco-list-row[aria-label^="weather version 2"]').count(), 0, 'the worse runs registered no version');
      const runsPane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Runs' }) }).first();
      // The newest run is the slow learner's (lower val_accuracy than v1's run).
      const slow = runsPane.locator('.monaco-list-row[aria-label$=", finished"]').first();
      // One run selected (Register Model… is for a single run); the click also opens its run page.
      await slow.click();
      await page.locator('.tabs-container .tab.active', { hasText: 'Run ' }).first().waitFor({ timeout: TIMEOUT });
      await contextMenu(page, slow, 'Register Model…');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'weather' }).first().waitFor({ timeout: TIMEOUT });
      await answer(page, 'Register as a version of', 'weather');
      await toast(page, 'Registered weather v2');
      await pane.locator('.monaco-list-row[aria-label^="weather version 2"]').first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'Set Alias… champion is refused before validation; Validate… scores the held-out file it picks and marks the version validated',
    async run(page, { workspace }) {
      await page.keyboard.press('Escape');
      await runCommand(page, 'View: Close All Editors');
      await openMlopsContainer(page);
      const pane = modelsPane(page);
      const model = pane.locator('.monaco-list-row[aria-label^="Model weather,"]').first();
      await model.waitFor({ timeout: TIMEOUT });
      if ((await model.getAttribute('aria-expanded')) !== 'true') await model.click();
      const v1 = pane.locator('.monaco-list-row[aria-label^="weather version 1"]').first();
      // The protected alias refuses a version with no validation yet, and says why.
      await contextMenu(page, v1, 'Set Alias…');
      await answer(page, 'Point an alias at weather v1', 'champion');
      const refused = await toast(page, 'champion can only point at a version with a passing validation');
      assert.match(await refused.innerText(), /version 1 has no validation/);
      assert.doesNotMatch(await refused.innerText(), /mlops validate/, 'no CLI advice: the notification offers the action');
      // The refusal's Validate… button starts the Validate flow for that version.
      await refused.locator('.monaco-button', { hasText: 'Validate…' }).first().click();
      // code-server's own file dialog: a quick input taking a path.
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Held-out data to validate weather v1 on' }).waitFor({ timeout: TIMEOUT });
      const path = await quickInput(page);
      // The dialog fills in the folder's path once it has listed it, which can overwrite a path typed
      // before: wait for the listing, and type again until the path stays and is accepted.
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'holdout' }).first().waitFor({ timeout: TIMEOUT });
      const target = `${workspace}/holdout/weather.csv`;
      const labelTitle = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Which column holds the true label?' });
      let accepted = false;
      for (let attempt = 1; attempt <= 4 && !accepted; attempt++) {
        await path.fill(target);
        await page.waitForTimeout(500);
        if ((await path.inputValue()) !== target) continue;
        await page.keyboard.press('Enter');
        accepted = await labelTitle.waitFor({ timeout: 15_000 }).then(() => true, () => false);
      }
      if (!accepted) throw new Error(`the file dialog did not accept ${target}`);
      await answer(page, 'Which column holds the true label?', 'weather');
      await answer(page, 'Criteria (optional)', 'accuracy>=0.5');
      await pane.locator('.monaco-list-row[aria-label^="weather version 1,"][aria-label*="✓ validated"]').first().waitFor({ timeout: 120_000 });
      assert.match(await v1.getAttribute('aria-label'), /accuracy 0\.\d+/);
    },
  },
  {
    title: 'Set Alias… champion on the validated version puts the @champion badge on it',
    async run(page) {
      const pane = modelsPane(page);
      await contextMenu(page, pane.locator('.monaco-list-row[aria-label^="weather version 1,"]').first(), 'Set Alias…');
      await answer(page, 'Point an alias at weather v1', 'champion');
      await pane.locator('.monaco-list-row[aria-label^="weather version 1, @champion"]').first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'Serve… @champion starts the scoring server as a task and the version shows its URL',
    async run(page) {
      const pane = modelsPane(page);
      await contextMenu(page, pane.locator('.monaco-list-row[aria-label^="weather version 1, @champion"]').first(), 'Serve…');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: '@champion' }).first().waitFor({ timeout: TIMEOUT });
      await answer(page, 'Serve weather', '@champion');
      await answer(page, 'Port on 127.0.0.1', '5001');
      await pane.locator('.monaco-list-row[aria-label^="weather version 1,"][aria-label*="serving http://127.0.0.1:5001"]').first().waitFor({ timeout: TIMEOUT });
      await waitForUrl('http://127.0.0.1:5001/ping', 60_000);
    },
  },
  {
    title: 'Show Lineage and Compare Versions open their documents from the version rows',
    async run(page) {
      await page.keyboard.press('Escape');
      await openMlopsContainer(page);
      const pane = modelsPane(page);
      const v1 = pane.locator('.monaco-list-row[aria-label^="weather version 1,"]').first();
      await contextMenu(page, v1, 'Show Lineage');
      await page.locator('.tabs-container .tab', { hasText: 'weather v1 lineage' }).first().waitFor({ timeout: TIMEOUT });
      await v1.click();
      await pane.locator('.monaco-list-row[aria-label^="weather version 2"]').first().click({ modifiers: ['Control'] });
      await contextMenu(page, v1, 'Compare Versions');
      await page.locator('.tabs-container .tab', { hasText: 'weather versions compare' }).first().waitFor({ timeout: TIMEOUT });
      // Markdown previews are webviews too: close them so the dashboard is the only one.
      await runCommand(page, 'View: Close All Editors');
      await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: TIMEOUT });
    },
  },
  {
    title: 'one request to the served model (the README’s curl) is not enough data: the monitor says so and does not alert',
    async run(page) {
      const response = await fetch('http://127.0.0.1:5001/invocations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ dataframe_records: [{ precipitation: 0, temp_max: 31.1, temp_min: 17.8, wind: 2.1, month_sin: -0.5, month_cos: -0.866025 }] }),
      });
      assert.equal(response.status, 200, await response.text());
      await openMlopsContainer(page);
      const pane = modelsPane(page);
      const row = pane.locator('.monaco-list-row[aria-label^="Monitor weather-drift, not enough data"]').first();
      await row.waitFor({ timeout: 90_000 });
      assert.match(await row.getAttribute('aria-label'), /1 of 100 rows/);
      assert.equal(await page.locator('.notifications-toasts .notification-toast', { hasText: 'weather-drift' }).count(), 0, 'no alert for one row');
    },
  },
  {
    title: 'summer requests to the served model make the monitor alert: a notification, an alerting row, and the drift dashboard; the summer’s labelled days join the data',
    async run(page, { workspace }) {
      const dataFile = join(workspace, 'data', 'weather.csv');
      const rowsBefore = readFileSync(dataFile, 'utf8').trim().split('\n').length;
      await runTaskFromPalette(page, 'weather: send summer requests');
      const alert = await toast(page, 'weather-drift: drift in', 90_000);
      assert.match(await alert.innerText(), /on weather@champion/);
      const pane = modelsPane(page);
      await pane.locator('.monaco-list-row[aria-label^="Monitor weather-drift, alerting"]').first().waitFor({ timeout: TIMEOUT });
      await alert.locator('.monaco-button', { hasText: 'Open Dashboard' }).first().click();
      const frame = compareFrame(page);
      await frame.locator('#app.drift-dashboard[data-results]').waitFor({ timeout: TIMEOUT });
      assert.ok(Number(await frame.locator('#app.drift-dashboard').getAttribute('data-results')) >= 1);
      const bars = await frame.locator('canvas#feature-scores-chart').getAttribute('data-bars', { timeout: TIMEOUT });
      assert.equal(Number(bars), 6, `one bar per model feature (month_sin and month_cos included), got ${bars}`);
      await frame.locator('canvas#drift-share-chart').waitFor({ timeout: TIMEOUT });
      // The task appends the summer's true weather to the tracked table: the data Retrain trains on.
      const deadline = Date.now() + TIMEOUT;
      while (readFileSync(dataFile, 'utf8').trim().split('\n').length < rowsBefore + 552) {
        if (Date.now() > deadline) throw new Error('the summer days were not appended to data/weather.csv');
        await page.waitForTimeout(250);
      }
    },
  },
  {
    title: 'answering Retrain to the prompt retrains, validates on the held-out days and moves @champion to the new version',
    async run(page) {
      const ask = await toast(page, 'Retrain weather?', TIMEOUT).catch(async () => {
        await runCommand(page, 'Notifications: Show Notifications');
        return page.locator('.notifications-center .notification-list-item', { hasText: 'Retrain weather?' }).first();
      });
      await ask.locator('.monaco-button', { hasText: /^Retrain$/ }).first().click({ timeout: TIMEOUT });
      const outcome = await toast(page, 'Retrained weather v', 180_000);
      const text = await outcome.innerText();
      assert.match(text, /for weather-drift: promoted/);
      const version = /Retrained weather v(\d+)/.exec(text)[1];
      // Trained on the newest data (with the summer), the new model is measurably better on the held-out year.
      const [, after, before] = /accuracy ([\d.]+) \(v\d+ ([\d.]+)\)/.exec(text) ?? [];
      assert.ok(Number(after) > Number(before) + 0.02, `the retrained model differs measurably: ${text}`);
      await modelsPane(page).locator(`.monaco-list-row[aria-label^="weather version ${version}, @champion"]`).first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'after the retrain, a year of requests to the new champion leaves the monitor ok: it recovered',
    async run(page) {
      await page.keyboard.press('Escape');
      // The server follows @champion: wait until it answers with the retrained version.
      const deadline = Date.now() + TIMEOUT;
      while (String((await (await fetch('http://127.0.0.1:5001/version')).json()).model?.version) === '1') {
        if (Date.now() > deadline) throw new Error('the server still serves version 1 after the retrain');
        await page.waitForTimeout(250);
      }
      await runTaskFromPalette(page, 'weather: send a year of requests');
      const pane = modelsPane(page);
      await pane.locator('.monaco-list-row[aria-label^="Monitor weather-drift, ok"]').first().waitFor({ timeout: 90_000 });
    },
  },
  // Step 3 of the journey, after the retrain changed data/weather.csv: dvc.yaml's pipeline.
  ...pipelineSteps,
];

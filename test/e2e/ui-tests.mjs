// What a user does in the browser VS Code, as Playwright steps. Each test gets the page and the
// workspace folder's path, and returns nothing or throws; the harness counts them.
import assert from 'node:assert/strict';

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
    title: 'opening the MLOps container shows the Runs, Datasets and Models views',
    async run(page) {
      await openMlopsContainer(page);
      for (const name of ['Runs', 'Datasets', 'Models']) {
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
    title: 'clicking a run opens its details: params, metrics and lineage',
    async run(page) {
      const runsPane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Runs' }) }).first();
      await runsPane.locator('.monaco-list-row[aria-label$=", finished"]').first().click();
      const editor = page.locator('.editor-group-container .monaco-editor .view-lines').first();
      await editor.filter({ hasText: 'FINISHED' }).waitFor({ timeout: TIMEOUT });
      const text = (await editor.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /# Run /);
      assert.match(text, /command: `node train\.js`/);
      assert.match(text, /exit code 0/);
      assert.match(text, /\| epochs \| 40 \|/);
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
      await version.click();
      await page.locator('.tabs-container .tab', { hasText: 'weather v1 card' }).first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'the Datasets view shows the tracked data folder at version 1',
    async run(page) {
      await openMlopsContainer(page);
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).first();
      const row = pane.locator('.monaco-list-row[aria-label^="Dataset data,"]').first();
      await row.waitFor({ timeout: TIMEOUT });
      assert.match(await row.getAttribute('aria-label'), /version [1-9]/);
    },
  },
  {
    title: 'editing the CSV and saving it makes a new version appear within seconds',
    async run(page) {
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).first();
      const before = Number(/version (\d+)/.exec(await pane.locator('.monaco-list-row[aria-label^="Dataset data,"]').first().getAttribute('aria-label'))[1]);
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
      await page.keyboard.type('Seattle,2016-01-01,0.0,5.0,1.0,3.0,sun\n');
      await page.keyboard.press('Control+S');
      await openMlopsContainer(page);
      await pane.locator(`.monaco-list-row[aria-label^="Dataset data, version ${before + 1}"]`).first().waitFor({ timeout: 15_000 });
    },
  },
  {
    title: 'restoring version 1 from the Datasets view asks first, then records the restore as a new version',
    async run(page) {
      await openMlopsContainer(page);
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).first();
      const dataset = pane.locator('.monaco-list-row[aria-label^="Dataset data,"]').first();
      const before = Number(/version (\d+)/.exec(await dataset.getAttribute('aria-label'))[1]);
      if ((await dataset.getAttribute('aria-expanded')) !== 'true') await dataset.click();
      const v1 = pane.locator('.monaco-list-row[aria-label="data version 1"]').first();
      await v1.waitFor({ timeout: TIMEOUT });
      await v1.hover();
      await v1.locator('.action-label[aria-label="Restore This Version"]').click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: TIMEOUT });
      assert.match(await dialog.innerText(), /Restore data to v1\?/);
      await dialog.locator('.monaco-button', { hasText: 'Restore' }).first().click();
      await pane.locator(`.monaco-list-row[aria-label^="Dataset data, version ${before + 1}"]`).first().waitFor({ timeout: 15_000 });
    },
  },
  {
    title: 'the dataset is marked not pushed until Push Data sends it to the remote',
    async run(page) {
      await openMlopsContainer(page);
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).first();
      await pane.locator('.monaco-list-row[aria-label^="Dataset data,"][aria-label$=", not pushed"]').first().waitFor({ timeout: TIMEOUT });
      await pane.locator('.pane-header').first().hover();
      await pane.locator('.pane-header .action-label[aria-label="Push Data to Remote"]').click();
      await pane.locator('.monaco-list-row[aria-label^="Dataset data,"]:not([aria-label$=", not pushed"])').first().waitFor({ timeout: TIMEOUT });
    },
  },
  {
    title: 'Compare Versions on a dataset version opens the panel listing what changed since the previous one',
    async run(page) {
      await openMlopsContainer(page);
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).first();
      const v2 = pane.locator('.monaco-list-row[aria-label="data version 2"]').first();
      await v2.waitFor({ timeout: TIMEOUT });
      await v2.hover();
      await v2.locator('.action-label[aria-label="Compare Versions"]').click();
      const frame = compareFrame(page);
      await frame.locator('h1', { hasText: 'data: v1 → v2' }).waitFor({ timeout: TIMEOUT });
      assert.deepEqual(await frame.locator('ul.files li').allInnerTexts(), ['M weather.csv']);
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
      await finished.nth(1).waitFor({ timeout: 120_000 });
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
      const inPage = await frame.locator('body[data-first-chart-ms]').getAttribute('data-first-chart-ms', { timeout: TIMEOUT });
      console.log(`    compare panel: first chart painted ${Date.now() - started} ms after the click, ${inPage} ms after the webview page started loading`);
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
      await refused.hover();
      await refused.locator('.codicon-notifications-clear, .action-label.codicon-close').first().click().catch(() => page.keyboard.press('Escape'));
      await contextMenu(page, v1, 'Validate…');
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
    title: 'summer requests to the served model make the monitor alert: a notification, an alerting row, and the drift dashboard',
    async run(page) {
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
      assert.ok(Number(bars) >= 4, `one bar per compared feature, got ${bars}`);
      await frame.locator('canvas#drift-share-chart').waitFor({ timeout: TIMEOUT });
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
      await modelsPane(page).locator(`.monaco-list-row[aria-label^="weather version ${version}, @champion"]`).first().waitFor({ timeout: TIMEOUT });
    },
  },
];

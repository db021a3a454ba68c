// Loaded by code-server from the extensions dir. When MLOPS_TEST_SUITES names a built suite
// module, runs it once and writes the results to MLOPS_TEST_RESULTS for the e2e harness to read.
const fs = require('node:fs');

exports.activate = function activate() {
  const suites = process.env.MLOPS_TEST_SUITES;
  const resultsFile = process.env.MLOPS_TEST_RESULTS;
  if (!suites || !resultsFile) return;
  const write = (results) => fs.writeFileSync(resultsFile + '.tmp', JSON.stringify(results, null, 2));
  const finish = (results) => {
    write(results);
    fs.renameSync(resultsFile + '.tmp', resultsFile);
  };
  // The harness drives the UI first, then creates the trigger file to start the suites.
  const trigger = process.env.MLOPS_TEST_TRIGGER;
  const start = () => {
    Promise.resolve()
      .then(() => require(suites).runSuites())
      .then(finish, (error) => finish({ passed: 0, failed: 1, tests: [{ title: 'loading the suites', state: 'failed', error: String((error && error.stack) || error) }] }));
  };
  if (!trigger) return void setTimeout(start, 500);
  const timer = setInterval(() => {
    if (!fs.existsSync(trigger)) return;
    clearInterval(timer);
    start();
  }, 200);
};

exports.deactivate = function deactivate() {};

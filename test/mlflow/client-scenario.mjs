// The real MLflow client and CLI against a started `mlops runtime`: client_scenario.py trains,
// registers and reads back; then the same facts are checked in the runtime's REST answers, and the
// `mlflow` CLI lists and downloads what the script logged.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './kit.mjs';
import { startRuntime } from './runtime.mjs';

/** A small ONNX regressor (y = 2·x₀ − x₁ + 0.5) written by the project's own encoder. */
function writeModel(path) {
  const script = `import('${join(ROOT, 'src/core/models/onnx/index.ts')}').then((onnx) => {
    const { linearRegressionModel } = onnx.default ?? onnx;
    require('node:fs').writeFileSync(${JSON.stringify(path)}, linearRegressionModel({ weights: [2, -1], bias: 0.5 }));
  })`;
  execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, stdio: 'inherit' });
}

function writeData(path) {
  const rows = Array.from({ length: 20 }, (_, i) => `${i / 10},${(i % 7) / 3},${2 * (i / 10) - (i % 7) / 3 + 0.5}`);
  writeFileSync(path, `x0,x1,y\n${rows.join('\n')}\n`);
}

const same = (actual, wanted) => (JSON.stringify(actual) === JSON.stringify(wanted) ? '' : `expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`);

/** The script's facts, as the runtime's REST API answers them; each entry [name, problem or '']. */
async function restChecks(rt, ids, modelBytes) {
  const run = (await rt.call('GET', 'runs/get', { run_id: ids.run_id })).json.run ?? {};
  const kv = (list) => Object.fromEntries((list ?? []).map((e) => [e.key, e.value]));
  const metrics = Object.fromEntries((run.data?.metrics ?? []).map((m) => [m.key, [m.value, m.step]]));
  const history = (await rt.call('GET', 'metrics/get-history', { run_id: ids.run_id, metric_key: 'loss' })).json.metrics ?? [];
  const listing = (await rt.call('GET', 'artifacts/list', { run_id: ids.run_id })).json.files ?? [];
  const artifactUrl = `${rt.url}/api/2.0/mlflow-artifacts/artifacts/${run.info?.artifact_uri?.replace(/^mlflow-artifacts:\//, '')}/model/model.onnx`;
  const artifact = Buffer.from(await (await fetch(artifactUrl, { headers: { authorization: `Bearer ${rt.token}` } })).arrayBuffer());
  const model = (await rt.call('GET', 'registered-models/get', { name: ids.model_name ?? 'compat-model' })).json.registered_model ?? {};
  const version = (await rt.call('GET', 'model-versions/get', { name: ids.model_name ?? 'compat-model', version: '1' })).json.model_version ?? {};
  const experiment = (await rt.call('GET', 'experiments/get-by-name', { experiment_name: 'compat-scenario' })).json.experiment ?? {};
  return [
    ['REST runs/get: status, name', same([run.info?.status, run.info?.run_name], ['FINISHED', 'compat-train'])],
    ['REST runs/get: params', same(kv(run.data?.params), { depth: '3', lr: '0.1', model: 'tree' })],
    ['REST runs/get: latest metrics', same([metrics.loss, metrics.accuracy, metrics.f1], [[0.2, 4], [0.91, 0], [0.88, 0]])],
    ['REST runs/get: tags', same([kv(run.data?.tags).team, kv(run.data?.tags).stage], ['compat', 'test'])],
    ['REST runs/get: dataset input', same((run.inputs?.dataset_inputs ?? []).map((d) => [d.dataset?.name, d.dataset?.digest, d.tags?.find((t) => t.key === 'mlflow.data.context')?.value]), [['train', ids.dataset_digest, 'training']])],
    ['REST metrics/get-history', same(history.map((m) => m.step), [0, 1, 2, 3, 4])],
    ['REST artifacts/list', same(listing.map((f) => f.path).sort(), ['config.json', 'model', 'notes'])],
    ['REST mlflow-artifacts download = logged bytes', artifact.equals(modelBytes) ? '' : `${artifact.length} bytes differ from the ${modelBytes.length} logged`],
    ['REST registered-models/get: alias', same(model.aliases, [{ alias: 'candidate', version: '1' }])],
    ['REST model-versions/get: run, status, description', same([version.run_id, version.status, version.description], [ids.run_id, 'READY', 'first'])],
    ['REST experiments/get-by-name', same(experiment.experiment_id, ids.experiment_id)],
  ];
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
}

/** The `mlflow` CLI where it needs only REST; each entry [name, problem or '']. */
function cliChecks(env, ids, modelBytes, scratch) {
  const mlflow = (...args) => spawnSync('mlflow', args, { env, encoding: 'utf8', timeout: 120_000 });
  const failed = (r) => (r.status === 0 ? '' : `exit ${r.status}: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-3).join(' | ')}`);
  const onnxDownloaded = (r, dir) => failed(r) || (filesUnder(dir).some((f) => f.endsWith('.onnx') && readFileSync(f).equals(modelBytes)) ? '' : `no identical .onnx under ${dir}: ${filesUnder(dir).join(', ')}`);
  const list = mlflow('runs', 'list', '--experiment-id', ids.experiment_id ?? '0');
  const artifacts = mlflow('artifacts', 'list', '--run-id', ids.run_id ?? '');
  const runDir = join(scratch, 'cli-run');
  const modelDir = join(scratch, 'cli-model');
  mkdirSync(runDir);
  mkdirSync(modelDir);
  const runDl = mlflow('artifacts', 'download', '-r', ids.run_id ?? '', '-a', 'model/model.onnx', '-d', runDir);
  const modelDl = mlflow('artifacts', 'download', '-u', `models:/${ids.model_name ?? 'compat-model'}/1`, '-d', modelDir);
  return [
    ['CLI mlflow runs list --experiment-id', failed(list) || (list.stdout.includes(ids.run_id) && list.stdout.includes('compat-train') ? '' : `run not listed: ${list.stdout.trim()}`)],
    ['CLI mlflow artifacts list --run-id', failed(artifacts) || (artifacts.stdout.includes('model.onnx') || artifacts.stdout.includes('"model"') ? '' : `model not listed: ${artifacts.stdout.trim()}`)],
    ['CLI mlflow artifacts download -r RUN -a model/model.onnx', onnxDownloaded(runDl, runDir)],
    ['CLI mlflow artifacts download -u models:/compat-model/1 (ONNX)', onnxDownloaded(modelDl, modelDir)],
  ];
}

/** Runs the scenario; returns [{name, ok, detail}]. */
export async function clientScenario(env) {
  const scratch = mkdtempSync(join(tmpdir(), 'mlops-mlflow-compat-'));
  const workspace = join(scratch, 'workspace');
  mkdirSync(join(workspace, 'data'), { recursive: true });
  const modelPath = join(scratch, 'model.onnx');
  writeModel(modelPath);
  writeData(join(workspace, 'data', 'train.csv'));
  const rt = await startRuntime(workspace);
  try {
    const runEnv = { ...env, MLFLOW_TRACKING_URI: rt.url, MLFLOW_TRACKING_TOKEN: rt.token };
    const py = spawnSync('python3', [join(ROOT, 'test', 'mlflow', 'client_scenario.py'), modelPath, join(workspace, 'data', 'train.csv')], { cwd: workspace, env: runEnv, encoding: 'utf8', timeout: 300_000 });
    const last = py.stdout.trim().split('\n').pop() ?? '';
    let report;
    try {
      report = JSON.parse(last);
    } catch {
      return [{ name: 'client_scenario.py', ok: false, detail: `exit ${py.status}: ${(py.stderr || py.stdout).trim().split('\n').slice(-5).join(' | ')}` }];
    }
    const modelBytes = readFileSync(modelPath);
    const more = [...(await restChecks(rt, report.ids, modelBytes)), ...cliChecks(runEnv, report.ids, modelBytes, scratch)];
    return [...report.checks.map((c) => ({ ...c, name: `client ${c.name}` })), ...more.map(([name, problem]) => ({ name, ok: !problem, detail: problem }))];
  } finally {
    await rt.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

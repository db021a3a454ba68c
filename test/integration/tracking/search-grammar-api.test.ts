import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';

const API = '/api/2.0/mlflow';

describe("MLflow's search grammar for runs, experiments and logged models", () => {
  let t: TestRuntime;
  let exp: string;
  const runs: Record<string, string> = {};
  before(async () => {
    t = await startTestRuntime();
    exp = (await t.call('POST', `${API}/experiments/create`, { name: 'grammar', tags: [{ key: 'team', value: 'vision' }] })).json.experiment_id as string;
    await t.call('POST', `${API}/experiments/create`, { name: 'other', tags: [{ key: 'team', value: 'NLP' }] });
    await t.call('POST', `${API}/experiments/create`, { name: 'untagged' });
    for (const [name, start] of [['a', 1000], ['b', 2000], ['c', 3000]] as const) {
      const run = (await t.call('POST', `${API}/runs/create`, { experiment_id: exp, run_name: name, start_time: start })).json.run as { info: { run_id: string } };
      runs[name] = run.info.run_id;
    }
    await t.call('POST', `${API}/runs/update`, { run_id: runs.a, status: 'FINISHED', end_time: 5000 });
    await t.call('POST', `${API}/runs/log-batch`, { run_id: runs.b, tags: [{ key: 'kind', value: 'x' }] });
    await t.call('POST', `${API}/runs/log-inputs`, {
      run_id: runs.a,
      datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'train', digest: 'd1', source_type: 'local', source: 's' } }],
    });
    await t.call('POST', `${API}/runs/log-inputs`, { run_id: runs.c, datasets: [{ dataset: { name: 'eval', digest: 'd2', source_type: 'local', source: 's' } }] });
  });
  after(() => t.stop());

  const searchRuns = async (filter: string, orderBy?: string[]): Promise<string[]> => {
    const res = await t.call('POST', `${API}/runs/search`, { experiment_ids: [exp], filter, ...(orderBy && { order_by: orderBy }) });
    assert.equal(res.status, 200, `${filter}: ${JSON.stringify(res.json)}`);
    const names = Object.fromEntries(Object.entries(runs).map(([k, v]) => [v, k]));
    return ((res.json.runs ?? []) as { info: { run_id: string } }[]).map((r) => names[r.info.run_id]!);
  };

  it('runs: bare attributes, every attribute prefix, IN lists, LIKE/ILIKE and IS [NOT] NULL', async () => {
    assert.deepEqual(await searchRuns("status = 'FINISHED'"), ['a']);
    assert.deepEqual(await searchRuns("status != 'FINISHED'"), ['c', 'b']);
    assert.deepEqual(await searchRuns('start_time >= 2000'), ['c', 'b']);
    assert.deepEqual(await searchRuns('end_time > 0'), ['a']);
    assert.deepEqual(await searchRuns("run_name LIKE 'b%'"), ['b']);
    for (const prefix of ['attributes.', 'attribute.', 'attr.', 'run.']) assert.deepEqual(await searchRuns(`${prefix}run_name ILIKE 'A'`), ['a'], prefix);
    assert.deepEqual(await searchRuns(`run_id IN ('${runs.a}', '${runs.c}')`), ['c', 'a']);
    assert.deepEqual(await searchRuns("artifact_uri LIKE 'mlflow-artifacts:%'"), ['c', 'b', 'a']);
    assert.deepEqual(await searchRuns("user_id = ''"), ['c', 'b', 'a']);
    assert.deepEqual(await searchRuns('tags.kind IS NULL'), ['c', 'a']);
    assert.deepEqual(await searchRuns('tags.kind IS NOT NULL'), ['b']);
    assert.deepEqual(await searchRuns('', ['run_name DESC']), ['c', 'b', 'a']);
  });

  it('runs: datasets.name, datasets.digest and datasets.context', async () => {
    assert.deepEqual(await searchRuns("datasets.name = 'train'"), ['a']);
    assert.deepEqual(await searchRuns("datasets.name IN ('train', 'eval')"), ['c', 'a']);
    assert.deepEqual(await searchRuns("dataset.digest = 'd2'"), ['c']);
    assert.deepEqual(await searchRuns("datasets.context = 'training'"), ['a']);
    assert.deepEqual(await searchRuns("datasets.name LIKE 'e%' and status = 'RUNNING'"), ['c']);
  });

  it('experiments: tags.*, name, creation_time and last_update_time', async () => {
    const names = async (filter: string): Promise<string[]> => {
      const res = await t.call('POST', `${API}/experiments/search`, { filter, max_results: 100 });
      assert.equal(res.status, 200, `${filter}: ${JSON.stringify(res.json)}`);
      return ((res.json.experiments ?? []) as { name: string }[]).map((e) => e.name);
    };
    assert.deepEqual(await names("tags.team = 'vision'"), ['grammar']);
    assert.deepEqual(await names("tag.team != 'vision'"), ['other']);
    assert.deepEqual(await names("tags.team ILIKE '%LP'"), ['other']);
    assert.deepEqual(await names("name LIKE 'o%'"), ['other']);
    assert.deepEqual(await names("attribute.name = 'untagged'"), ['untagged']);
    assert.deepEqual(await names('creation_time > 0 and tags.team IS NULL'), ['untagged', 'Default']);
    assert.deepEqual(await names('last_update_time < 0'), []);
  });

  it('logged models: params.*, metrics.*, tags.* and attributes, with datasets and structured order_by', async () => {
    const create = async (name: string, params: Record<string, string>): Promise<string> =>
      ((await t.call('POST', `${API}/logged-models`, { experiment_id: exp, name, params: Object.entries(params).map(([key, value]) => ({ key, value })) })).json.model as { info: { model_id: string } }).info.model_id;
    const m1 = await create('small', { C: '0.1' });
    const m2 = await create('large', { C: '10' });
    await t.call('POST', `${API}/runs/log-batch`, {
      run_id: runs.a,
      metrics: [
        { key: 'acc', value: 0.7, timestamp: 1, step: 0, model_id: m1, dataset_name: 'eval', dataset_digest: 'd2' },
        { key: 'acc', value: 0.9, timestamp: 1, step: 0, model_id: m2 },
      ],
    });
    const names = async (body: Record<string, unknown>): Promise<string[]> => {
      const res = await t.call('POST', `${API}/logged-models/search`, { experiment_ids: [exp], ...body });
      assert.equal(res.status, 200, `${JSON.stringify(body)}: ${JSON.stringify(res.json)}`);
      return (res.json.models as { info: { name: string } }[]).map((m) => m.info.name);
    };
    assert.deepEqual(await names({ filter: "params.C = '10'" }), ['large']);
    assert.deepEqual(await names({ filter: 'metrics.acc > 0.8' }), ['large']);
    assert.deepEqual(await names({ filter: "name != 'large' AND status = 'LOGGED_MODEL_PENDING'" }), ['small']);
    assert.deepEqual(await names({ filter: 'creation_timestamp > 0' }), ['large', 'small']);
    assert.deepEqual(await names({ datasets: [{ dataset_name: 'eval' }] }), ['small']);
    assert.deepEqual(await names({ order_by: [{ field_name: 'metrics.acc', ascending: true }] }), ['small', 'large']);
    assert.deepEqual(await names({ order_by: [{ field_name: 'name', ascending: true }] }), ['large', 'small']);
    const bad = await t.call('POST', `${API}/logged-models/search`, { experiment_ids: [exp], filter: 'datasets.name = 1' });
    assert.equal(bad.status, 400);
  });

  it('refuses invalid filters with INVALID_PARAMETER_VALUE in words close to MLflow', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['runs/search', { experiment_ids: [exp], filter: "nonsense = 'x'" }, /Invalid attribute key 'nonsense' specified/],
      ['runs/search', { experiment_ids: [exp], filter: "foo.bar = 'x'" }, /Invalid entity type 'foo'/],
      ['runs/search', { experiment_ids: [exp], filter: "datasets.size = 'x'" }, /Invalid dataset key 'size'/],
      ['runs/search', { experiment_ids: [exp], filter: "metrics.acc > 'x'" }, /expected a number/],
      ['experiments/search', { filter: 'metrics.acc > 1' }, /Invalid entity type 'metrics'/],
      ['experiments/search', { filter: "status = 'x'" }, /Invalid attribute key 'status'/],
    ];
    for (const [route, body, message] of cases) {
      const res = await t.call('POST', `${API}/${route}`, body);
      assert.equal(res.status, 400, `${route} ${JSON.stringify(body)}`);
      assert.equal(res.json.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(res.json.message as string, message);
    }
  });
});

describe('MLflow request validation on the tracking routes', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startTestRuntime();
  });
  after(() => t.stop());

  it('refuses JSON values of the wrong type as MLflow does, quoting them as written', async () => {
    const run = ((await t.call('POST', `${API}/runs/create`, { experiment_id: 0 })).json.run as { info: { run_id: string } }).info.run_id;
    const cases: [string, Record<string, unknown>, string][] = [
      ['experiments/create', { name: 123 }, "Invalid value 123 for parameter 'name' supplied. Hint: Value was of type 'int'."],
      ['experiments/create', { name: 'e', tags: '5' }, `Invalid value "5" for parameter 'tags' supplied.`],
      ['runs/log-metric', { run_id: 31, key: 'k', value: 1, timestamp: 1 }, "Invalid value 31 for parameter 'run_id' supplied."],
      ['runs/set-tag', { run_id: run, key: 'k', value: 41 }, "Invalid value 41 for parameter 'value' supplied."],
      ['runs/log-batch', { run_id: run, metrics: [{ key: 'm', value: 1 }] }, "Missing value for required parameter 'metrics[0].timestamp'"],
    ];
    for (const [route, body, message] of cases) {
      const res = await t.call('POST', `${API}/${route}`, body);
      assert.equal(res.status, 400, `${route} ${JSON.stringify(body)}: ${JSON.stringify(res.json)}`);
      assert.equal(res.json.error_code, 'INVALID_PARAMETER_VALUE');
      assert.ok((res.json.message as string).includes(message), `${res.json.message as string} should include ${message}`);
    }
    const float = await fetch(`http://127.0.0.1:${t.port}${API}/experiments/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      body: '{"name": "f", "artifact_location": 9.0}',
    });
    assert.equal(float.status, 400);
    assert.match(await float.text(), /Invalid value 9\.0 for parameter 'artifact_location' supplied\. Hint: Value was of type 'float'/);
  });

  it('makes a relative artifact_location absolute in the workspace, keeps URIs, refuses escapes and fragments', async () => {
    const location = async (artifactLocation: string): Promise<{ status: number; location?: string }> => {
      const res = await t.call('POST', `${API}/experiments/create`, { name: `loc ${artifactLocation}`, artifact_location: artifactLocation });
      if (res.status !== 200) return { status: res.status };
      const got = await t.call('GET', `${API}/experiments/get`, { experiment_id: res.json.experiment_id as string });
      return { status: 200, location: (got.json.experiment as { artifact_location: string }).artifact_location };
    };
    assert.deepEqual(await location('my_location'), { status: 200, location: join(t.workspace, 'my_location') });
    assert.deepEqual(await location('s3://bucket/path'), { status: 200, location: 's3://bucket/path' });
    assert.deepEqual(await location('/abs/path'), { status: 200, location: '/abs/path' });
    assert.equal((await location('../escape')).status, 400);
    assert.equal((await location('s3://bucket/path#frag')).status, 400);
  });
});

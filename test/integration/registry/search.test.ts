import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import type { WireModel, WireVersion } from './fixtures';
import { API, createModel, createVersion, writeOnnx } from './fixtures';

describe('registry search: MLflow filters, order_by and pages', () => {
  let t: TestRuntime;
  let runA: string;
  let runB: string;
  const models = async (body: Record<string, unknown>) => {
    const res = await t.call('GET', `${API}/registered-models/search`, body);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return { names: ((res.json.registered_models ?? []) as WireModel[]).map((m) => m.name), next: res.json.next_page_token as string | undefined };
  };
  const versions = async (body: Record<string, unknown>) => {
    const res = await t.call('GET', `${API}/model-versions/search`, body);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return ((res.json.model_versions ?? []) as WireVersion[]).map((v) => `${v.name}/${v.version}`);
  };

  before(async () => {
    t = await startTestRuntime();
    const onnx = writeOnnx(t.workspace);
    const run = async () => ((await t.call('POST', `${API}/runs/create`, { experiment_id: '0' })).json.run as { info: { run_id: string } }).info.run_id;
    [runA, runB] = [await run(), await run()];
    await createModel(t, 'alpha-1', { tags: [{ key: 'team', value: 'a' }] });
    await createModel(t, 'alpha-2', { tags: [{ key: 'team', value: 'b' }] });
    await createModel(t, 'Beta', { tags: [{ key: 'team', value: 'a' }, { key: 'stage', value: 'dev' }] });
    await createVersion(t, 'alpha-1', onnx, { run_id: runA });
    await createVersion(t, 'alpha-1', onnx, { run_id: runB, tags: [{ key: 'quality', value: 'good' }] });
    await createVersion(t, 'alpha-2', onnx, { run_id: runA });
    await createVersion(t, 'Beta', `file://${onnx}`);
  });
  after(() => t.stop());

  it('filters registered models by name and tags, ordered by name by default', async () => {
    assert.deepEqual((await models({})).names, ['Beta', 'alpha-1', 'alpha-2']);
    assert.deepEqual((await models({ filter: "name LIKE 'alpha%'" })).names, ['alpha-1', 'alpha-2']);
    assert.deepEqual((await models({ filter: "name LIKE '%ETA'" })).names, [], 'LIKE is case-sensitive');
    assert.deepEqual((await models({ filter: "name ILIKE '%ETA'" })).names, ['Beta']);
    assert.deepEqual((await models({ filter: "name = 'alpha-2'" })).names, ['alpha-2']);
    assert.deepEqual((await models({ filter: "name != 'alpha-2'" })).names, ['Beta', 'alpha-1']);
    assert.deepEqual((await models({ filter: "tags.team = 'a'" })).names, ['Beta', 'alpha-1']);
    assert.deepEqual((await models({ filter: "tags.`team` = 'a' AND tags.stage = 'dev'" })).names, ['Beta']);
    assert.deepEqual((await models({ filter: "tags.team != 'a'" })).names, ['alpha-2']);
    assert.deepEqual((await models({ filter: "name LIKE 'alpha%' and tags.team = 'a'" })).names, ['alpha-1']);
  });

  it('orders and pages registered models', async () => {
    assert.deepEqual((await models({ order_by: 'name DESC' })).names, ['alpha-2', 'alpha-1', 'Beta']);
    assert.deepEqual((await models({ order_by: ['last_updated_timestamp DESC', 'name ASC'] })).names.length, 3);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await models({ max_results: 2, ...(token && { page_token: token }) });
      seen.push(...page.names);
      token = page.next;
      pages++;
    } while (token);
    assert.deepEqual([seen, pages], [['Beta', 'alpha-1', 'alpha-2'], 2]);
  });

  it('filters model versions by name, run_id, source_path, version_number and tags', async () => {
    assert.deepEqual(await versions({ filter: "name = 'alpha-1'" }), ['alpha-1/2', 'alpha-1/1']);
    assert.deepEqual((await versions({ filter: `run_id = '${runA}'` })).sort(), ['alpha-1/1', 'alpha-2/1']);
    assert.deepEqual((await versions({ filter: `run_id IN ('${runB}', 'other')` })), ['alpha-1/2']);
    assert.deepEqual(await versions({ filter: "source_path LIKE 'file://%'" }), ['Beta/1']);
    assert.deepEqual(await versions({ filter: "name = 'alpha-1' AND version_number > 1" }), ['alpha-1/2']);
    assert.deepEqual(await versions({ filter: "tags.quality = 'good'" }), ['alpha-1/2']);
    assert.deepEqual(await versions({ filter: "name LIKE 'alpha%'", order_by: ['name ASC', 'version_number ASC'] }), ['alpha-1/1', 'alpha-1/2', 'alpha-2/1']);
    const page = await t.call('GET', `${API}/model-versions/search`, { max_results: 3 });
    assert.equal((page.json.model_versions as unknown[]).length, 3);
    assert.ok(page.json.next_page_token);
    const rest = await t.call('GET', `${API}/model-versions/search`, { max_results: 3, page_token: page.json.next_page_token as string });
    assert.equal((rest.json.model_versions as unknown[]).length, 1);
    assert.equal(rest.json.next_page_token, undefined);
    assert.deepEqual((await t.call('GET', `${API}/model-versions/search`, { filter: "name = 'none'" })).json, {});
  });

  it('refuses malformed filters, unknown keys and out-of-range max_results', async () => {
    const bad = async (path: string, body: Record<string, unknown>, message: RegExp) => {
      const res = await t.call('GET', `${API}/${path}`, body);
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.equal(res.json.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(res.json.message as string, message);
    };
    await bad('registered-models/search', { filter: "foo = 'x'" }, /Invalid attribute name: foo/);
    await bad('registered-models/search', { filter: "name > 'x'" }, /invalid comparator '>'/);
    await bad('registered-models/search', { filter: "name = 'x' OR name = 'y'" }, /expected AND/);
    await bad('registered-models/search', { filter: "name = 'x" }, /unterminated quote/);
    await bad('registered-models/search', { filter: 'name = x' }, /expected a quoted string/);
    await bad('registered-models/search', { order_by: 'owner DESC' }, /Invalid order by key/);
    await bad('registered-models/search', { order_by: ['name', 'name DESC'] }, /duplicate fields/);
    await bad('registered-models/search', { max_results: 5000 }, /It must be at most 1000, but got value 5000/);
    await bad('registered-models/search', { page_token: 'garbage' }, /Invalid page token/);
    await bad('model-versions/search', { filter: "version_number > 'x'" }, /expected an integer/);
    await bad('model-versions/search', { filter: "name IN ('a')" }, /invalid comparator 'IN'/);
    await bad('model-versions/search', { max_results: 0 }, /must be a positive integer/);
  });
});

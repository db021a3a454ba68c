import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VersionOnSave } from '../../../src/extension/datasets/version-on-save';
import { Runtime } from '../../../src/runtime';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { tempDir } from '../../helpers/temp';

describe('versioning on save reports failures without a storm of warnings', () => {
  let runtime: Runtime;
  let workspace: string;
  let client: RuntimeClient | undefined;
  const logged: string[] = [];
  const warned: string[] = [];
  const saves = new VersionOnSave(() => client, { log: { warn: (m) => logged.push(m) }, warn: (m) => warned.push(m) });

  before(async () => {
    workspace = tempDir();
    const started = await Runtime.start({ workspace, log: () => undefined });
    if (started.kind !== 'started') throw new Error('runtime did not start');
    runtime = started.runtime;
    client = new RuntimeClient(runtime.info);
  });
  after(() => runtime.stop('test done'));

  it('says nothing when the runtime takes the save', async () => {
    const file = join(workspace, 'notes.txt');
    writeFileSync(file, 'hello\n');
    await saves.saved(file);
    assert.deepEqual([logged, warned], [[], []]);
  });

  it('logs every refused save but warns once per file and kind of failure, with the reason', async () => {
    const outside = join(tempDir(), 'elsewhere.csv');
    await saves.saved(outside);
    await saves.saved(outside);
    assert.equal(logged.length, 2);
    assert.equal(warned.length, 1);
    assert.ok(warned[0]!.startsWith(`Local MLOps could not version ${outside} on save: `), warned[0]);
    assert.ok(warned[0]!.length > `Local MLOps could not version ${outside} on save: `.length, 'the warning carries the reason');
    const other = join(tempDir(), 'other.csv');
    await saves.saved(other);
    assert.equal(warned.length, 2, 'another file warns on its own');
  });

  it('warns again for the same file when it fails another way', async () => {
    const outside = join(tempDir(), 'gone.csv');
    await saves.saved(outside);
    assert.equal(warned.length, 3);
    client = new RuntimeClient({ ...runtime.info }, 2_000);
    await runtime.stop('test: runtime gone');
    await saves.saved(outside);
    await saves.saved(outside);
    assert.equal(warned.length, 4);
    assert.match(warned[3]!, /did not answer/);
  });

  it('does nothing while no runtime is running', async () => {
    client = undefined;
    const before = [logged.length, warned.length];
    await saves.saved(join(workspace, 'notes.txt'));
    assert.deepEqual([logged.length, warned.length], before);
  });
});

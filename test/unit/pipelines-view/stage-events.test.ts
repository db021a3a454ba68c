import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pipelineTaskArgs } from '../../../src/extension/pipelines/pipeline-task';
import { applyStageEvent, downstreamOf } from '../../../src/extension/pipelines/stage-events';
import { formatElapsed, stageDescription } from '../../../src/extension/pipelines/stage-format';
import type { Pipeline, PipelineStage } from '../../../src/shared/pipelines';
import { tempDir } from '../../helpers/temp';

const stage = (id: string, upstream: string[] = [], extra: Partial<PipelineStage> = {}): PipelineStage => ({
  id, name: id, file: 'dvc.yaml', line: 1, cmd: `run ${id}`, deps: [], outs: [], upstream, state: 'changed', reasons: ['never run (not in dvc.lock)'], ...extra,
});
const pipelines = (): Pipeline[] => [{ file: 'dvc.yaml', stages: [stage('prepare'), stage('featurize', ['prepare']), stage('profile', ['prepare']), stage('train', ['featurize'])] }];

describe('the Pipelines view state from pipeline.stage events', () => {
  it('running, then ran: the stage shows running since the event, then up to date without reasons', () => {
    const list = pipelines();
    const running = applyStageEvent(list, { id: 'featurize', file: 'dvc.yaml', state: 'running', reason: 'deps changed', time: 1000 });
    assert.equal(running?.state, 'running');
    assert.equal(running?.startedAt, 1000);
    assert.equal(stageDescription(running!, 13_500), 'running · 12s');
    applyStageEvent(list, { id: 'featurize', file: 'dvc.yaml', state: 'ran', time: 2000 });
    assert.deepEqual({ state: list[0]!.stages[1]!.state, reasons: list[0]!.stages[1]!.reasons, startedAt: list[0]!.stages[1]!.startedAt }, { state: 'up-to-date', reasons: [], startedAt: undefined });
  });

  it('failed keeps the reason; blocked leaves a stage changed; an unknown stage asks for a reload', () => {
    const list = pipelines();
    applyStageEvent(list, { id: 'prepare', file: 'dvc.yaml', state: 'failed', reason: "failed to reproduce 'prepare': exit 1", time: 1 });
    assert.equal(stageDescription(list[0]!.stages[0]!, 0), "failed · failed to reproduce 'prepare': exit 1");
    applyStageEvent(list, { id: 'train', file: 'dvc.yaml', state: 'blocked', time: 1 });
    assert.equal(list[0]!.stages[3]!.state, 'changed');
    assert.equal(applyStageEvent(list, { id: 'nope', file: 'dvc.yaml', state: 'ran', time: 1 }), undefined);
  });

  it('knows what runs downstream of a stage, and formats durations', () => {
    assert.deepEqual(downstreamOf(pipelines(), 'prepare'), ['prepare', 'featurize', 'profile', 'train']);
    assert.deepEqual(downstreamOf(pipelines(), 'featurize'), ['featurize', 'train']);
    assert.deepEqual([formatElapsed(999), formatElapsed(61_000), formatElapsed(3_720_000)], ['0s', '1m 01s', '1h 02m']);
    assert.equal(stageDescription(stage('x', [], { state: 'changed', reasons: ['a', 'b'] }), 0), 'changed · a (+1)');
  });
});

describe('the mlops task type with "pipeline"', () => {
  it('runs a stage, or every stage of a dvc.yaml file, through mlops repro', () => {
    const ws = tempDir('mlops-pipeline-task-');
    writeFileSync(join(ws, 'dvc.yaml'), 'stages:\n  a:\n    cmd: x\n  b:\n    cmd: y\n');
    mkdirSync(join(ws, 'sub'));
    writeFileSync(join(ws, 'sub', 'dvc.yaml'), 'stages:\n  c:\n    cmd: z\n');
    assert.deepEqual(pipelineTaskArgs('train', ws, undefined), ['repro', '--workspace', ws, 'train']);
    assert.deepEqual(pipelineTaskArgs('train', ws, true), ['repro', '--workspace', ws, 'train', '--force']);
    assert.deepEqual(pipelineTaskArgs('dvc.yaml', ws, false), ['repro', '--workspace', ws, 'a', 'b']);
    assert.deepEqual(pipelineTaskArgs('./sub/dvc.yaml', ws, false), ['repro', '--workspace', ws, 'sub/dvc.yaml:c']);
    assert.deepEqual(pipelineTaskArgs('gone/dvc.yaml', ws, false), ['repro', '--workspace', ws, 'gone/dvc.yaml'], 'mlops repro says it does not exist');
  });

  it('is declared in package.json\'s taskDefinitions', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { taskDefinitions: { type: string; required?: string[]; properties: Record<string, unknown> }[] } };
    const mlops = pkg.contributes.taskDefinitions.find((t) => t.type === 'mlops')!;
    assert.ok(mlops.properties.pipeline && mlops.properties.force);
    assert.ok(!mlops.required?.includes('command'), 'a pipeline task has no command');
  });
});

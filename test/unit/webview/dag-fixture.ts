import type { Pipeline, PipelineStage } from '../../../src/shared/pipelines';

function stage(id: string, line: number, o: Partial<PipelineStage>): PipelineStage {
  return { id, name: id, file: 'dvc.yaml', line, cmd: `node pipeline/${id}.js`, deps: [], outs: [], upstream: [], state: 'up-to-date', reasons: [], ...o };
}

/** The example's shape: prepare → (featurize, stats) → train → evaluate, as GET /api/pipelines answers. */
export function dagFixture(): Pipeline[] {
  return [
    {
      file: 'dvc.yaml',
      stages: [
        stage('prepare', 2, { deps: ['data/weather.csv', 'pipeline/prepare.js'], outs: ['out/prepared'], state: 'changed', reasons: ['dep data/weather.csv modified'] }),
        stage('featurize', 8, { deps: ['out/prepared/train.csv'], params: ['params.yaml:featurize.window'], outs: ['out/features.csv'], upstream: ['prepare'], state: 'changed', reasons: ['upstream prepare changed'] }),
        stage('stats', 14, { deps: ['out/prepared'], outs: ['out/stats.json'], upstream: ['prepare'] }),
        stage('train', 20, { deps: ['out/features.csv'], params: ['params.yaml:train.lr', 'params.yaml:train.epochs'], outs: ['out/model.json'], upstream: ['featurize'] }),
        stage('evaluate', 27, { deps: ['out/model.json', 'out/stats.json'], params: ['eval.yaml'], outs: ['out/metrics.json'], upstream: ['train', 'stats'], state: 'frozen' }),
      ],
    },
  ];
}

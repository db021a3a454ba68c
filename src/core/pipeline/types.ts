/** One output of a stage as dvc.yaml declares it (`outs`, `metrics` or `plots`). */
export interface OutSpec {
  /** As written, relative to the stage's wdir. */
  path: string;
  /** Workspace-relative `/` path. */
  key: string;
  kind: 'outs' | 'metrics' | 'plots';
  cache: boolean;
  persist: boolean;
  push: boolean;
  line: number;
}

export interface DepSpec {
  path: string;
  key: string;
  line: number;
}

/** Params of one file: listed keys, or the whole file (`keys: undefined`). */
export interface ParamSpec {
  /** As written, relative to the stage's wdir. */
  path: string;
  key: string;
  keys: string[] | undefined;
  line: number;
}

/** A stage of a dvc.yaml after templating: foreach/matrix members have names `group@key`. */
export interface Stage {
  /** Its name inside its dvc.yaml. */
  name: string;
  /** Unique in the workspace: the name in the root dvc.yaml, else `<folder>/dvc.yaml:<name>`. */
  id: string;
  /** Workspace-relative `/` path of its dvc.yaml. */
  file: string;
  line: number;
  /** As written: one command or a list run one after another. */
  cmd: string | string[];
  /** Workspace-relative `/` folder the command runs in and paths are relative to ('' = workspace). */
  wdir: string;
  deps: DepSpec[];
  params: ParamSpec[];
  outs: OutSpec[];
  frozen: boolean;
  alwaysChanged: boolean;
  desc?: string;
}

export interface Pipeline {
  stages: Stage[];
  /** Workspace-relative dvc.yaml files read. */
  files: string[];
  /** Top-level `plots:` definitions per dvc.yaml, kept as written. */
  plots: Record<string, unknown>;
}

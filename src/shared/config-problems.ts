/** A problem in mlops.yaml: where (1-based, end exclusive, on one line) and what is wrong. */
export interface ConfigProblem {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** GET /api/config/problems: the problems of mlops.yaml as the runtime last read it. */
export interface ConfigProblemsResponse {
  /** Absolute path of mlops.yaml. */
  file: string;
  problems: ConfigProblem[];
}

/** "mlops.yaml:LINE: message", the form the CLI, the log and RuntimeStatus.configErrors use. */
export function formatConfigProblem(problem: ConfigProblem, label = 'mlops.yaml'): string {
  return `${label}:${problem.line}: ${problem.message}`;
}

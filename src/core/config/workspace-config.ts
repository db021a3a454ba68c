import { dirname } from 'node:path';
import type { ConfigProblem } from '../../shared/config-problems';
import { formatConfigProblem } from '../../shared/config-problems';
import type { ConfigDocument } from '../workspace';
import { loadConfigDocument } from '../workspace';
import type { MlopsConfig } from '../workspace';
import { readConfigSection } from '../workspace';
import { readModelsSection } from '../registry';
import { readMonitorsSection } from '../monitoring';
import { readServingSection } from '../models';
import { readSchedulesSection } from '../pipeline';

/** Every section of mlops.yaml checked on one parse: what applies, and each problem with its place. */
export interface WorkspaceConfig {
  /** False when the file is unusable as a whole (syntax, aliases, size): whoever has settings in force keeps them. */
  readable: boolean;
  config: MlopsConfig;
  problems: ConfigProblem[];
  /** The problems as "mlops.yaml:LINE: message". */
  errors: string[];
}

/** Reads and checks mlops.yaml (a missing file is the defaults). Never throws. */
export function loadWorkspaceConfig(path: string, label = 'mlops.yaml'): WorkspaceConfig {
  return checkDocument(loadConfigDocument(path, label), dirname(path));
}

/** Checks every section of a parsed document; `root` confines data.track entries to the workspace. */
export function checkDocument(doc: ConfigDocument, root?: string): WorkspaceConfig {
  const config = readConfigSection(doc, root);
  readModelsSection(doc);
  readServingSection(doc);
  readMonitorsSection(doc);
  readSchedulesSection(doc);
  const problems = [...doc.problems].sort((a, b) => a.line - b.line || a.column - b.column);
  return { readable: doc.readable, config, problems, errors: problems.map((p) => formatConfigProblem(p, doc.label)) };
}

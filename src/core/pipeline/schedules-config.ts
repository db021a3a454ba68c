import { parseSchedule } from '../monitoring';
import type { ConfigDocument, Path, Report } from '../workspace';
import { ConfigDocument as Document, isMapping, loadConfigSection, parseFlag, unknownKeys } from '../workspace';

/** A `schedules:` entry of mlops.yaml: the runtime reproduces `pipeline` at each time `cron` names. */
export interface PipelineSchedule {
  name: string;
  /** A stage (with its upstream), a dvc.yaml path (all its stages), or `all`. */
  pipeline: string;
  /** Cron (5 fields, local time), normalized. */
  cron: string;
  /** Run the stages even when nothing changed (repro --force). */
  force: boolean;
}

export interface SchedulesConfigLoad {
  schedules: PipelineSchedule[];
  /** Each as "mlops.yaml:LINE: what is wrong"; an entry with an error is left out. */
  errors: string[];
}

export const SCHEDULE_KEYS: readonly string[] = ['name', 'pipeline', 'cron', 'force'];
const NAME = /^[\w.-]+$/;

/** Reads the `schedules:` list of mlops.yaml; a missing file or section is no schedules. */
export function loadSchedulesConfig(path: string, label = 'mlops.yaml'): SchedulesConfigLoad {
  return loadConfigSection(path, label, parseSchedulesConfig, () => ({ schedules: [], errors: [] }));
}

export function parseSchedulesConfig(text: string, label = 'mlops.yaml'): SchedulesConfigLoad {
  const doc = Document.parse(text, label);
  // Syntax errors are reported with the whole file's.
  if (!doc.readable) return { schedules: [], errors: [] };
  return { schedules: readSchedulesSection(doc), errors: doc.errors };
}

/** The `schedules:` section of a parsed document; an entry with a problem is left out alone. */
export function readSchedulesSection(doc: ConfigDocument): PipelineSchedule[] {
  const root = doc.root;
  if (!doc.readable || !isMapping(root) || root.schedules === undefined || root.schedules === null) return [];
  const report: Report = (path, message, target) => doc.report(path, message, target);
  if (!Array.isArray(root.schedules)) {
    report(['schedules'], 'schedules must be a list (- name: nightly, pipeline: train, cron: "0 3 * * *")');
    return [];
  }
  const schedules: PipelineSchedule[] = [];
  const names = new Set<string>();
  root.schedules.forEach((raw: unknown, i) => {
    let problems = 0;
    const own: Report = (path, message, target) => {
      problems++;
      report(path, message, target);
    };
    const schedule = parseEntry(raw, ['schedules', i], own);
    if (schedule && names.has(schedule.name)) own(['schedules', i, 'name'], `a schedule named "${schedule.name}" is already defined`);
    if (!schedule || problems > 0) return;
    names.add(schedule.name);
    schedules.push(schedule);
  });
  return schedules;
}

function parseEntry(raw: unknown, base: Path, report: Report): PipelineSchedule | undefined {
  if (!isMapping(raw)) {
    report(base, 'a schedule must be a mapping: name, pipeline (a stage, a dvc.yaml path or all), cron, force (optional)');
    return undefined;
  }
  const at = (key: string): Path => [...base, key];
  unknownKeys(raw, SCHEDULE_KEYS, base, 'schedule', report);
  const { name, pipeline } = raw;
  if (typeof name !== 'string' || !NAME.test(name)) report(typeof name === 'string' ? at('name') : base, 'a schedule needs a name (letters, digits, _ . and -)');
  if (typeof pipeline !== 'string' || pipeline.trim() === '') {
    report(pipeline === undefined ? base : at('pipeline'), 'a schedule needs pipeline: a stage name (runs with its upstream), a dvc.yaml path (all its stages) or all');
  }
  if (raw.cron === undefined || raw.cron === null) report(base, 'a schedule needs cron: when to run, e.g. "0 3 * * *" (03:00 every day)');
  const cron = parseSchedule(raw.cron, at('cron'), 'cron', report);
  const force = parseFlag(raw.force, false, at('force'), 'force', report);
  if (typeof name !== 'string' || typeof pipeline !== 'string' || cron === undefined) return undefined;
  return { name, pipeline: pipeline.trim(), cron, force };
}

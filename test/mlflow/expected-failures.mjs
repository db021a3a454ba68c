// test/mlflow/expected-failures.txt: the MLflow REST tests allowed to fail, one per line:
//   tests/tracking/test_rest_tracking.py::test_start_trace[sqlalchemy]  # traces/OTLP: 404 on /api/2.0/mlflow/traces
// `#` starts a comment; the text after the id's `#` is "group: detail". Lines are kept sorted by group.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { classifyFailure, GROUPS } from './failure-reasons.mjs';
import { ROOT } from './kit.mjs';

export const EXPECTED_FILE = join(ROOT, 'test', 'mlflow', 'expected-failures.txt');

/** Map id -> {group, detail}. */
export function readExpected(file = EXPECTED_FILE) {
  const expected = new Map();
  if (!existsSync(file)) return expected;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const hash = line.indexOf('  #');
    const id = (hash >= 0 ? line.slice(0, hash) : line).trim();
    if (!id || id.startsWith('#')) continue;
    const reason = hash >= 0 ? line.slice(hash + 3).trim() : '';
    const colon = reason.indexOf(':');
    expected.set(id, colon >= 0 ? { group: reason.slice(0, colon).trim(), detail: reason.slice(colon + 1).trim() } : { group: reason || 'gap', detail: '' });
  }
  return expected;
}

/** One line of detail from a failure message (pytest's colour codes and newlines removed). */
export function shortMessage(message = '') {
  const plain = message.replace(new RegExp(`(#x1B|${String.fromCharCode(27)})\\[[0-9;]*m`, 'g'), '').replace(/\s+/g, ' ').trim();
  return plain.length > 140 ? `${plain.slice(0, 137)}...` : plain;
}

/** Writes the list of `failures` ([{id, message}]), keeping the reasons already written for known ids. */
export function writeExpected(failures, previous = readExpected(), file = EXPECTED_FILE) {
  const entries = failures.map(({ id, message }) => {
    const known = previous.get(id);
    return { id, group: known?.group ?? classifyFailure(id, message), detail: known?.detail || shortMessage(message) };
  });
  entries.sort((a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) || a.id.localeCompare(b.id));
  const header = [
    '# MLflow REST tests allowed to fail (node scripts/test-mlflow.mjs --update-expected rewrites this file).',
    '# One test id per line, then "  # group: detail". Groups other than "gap" are APIs we deliberately do not',
    '# serve (docs/mlflow-compat.md); "gap" entries need an API we claim and are still to fix.',
  ];
  writeFileSync(file, `${[...header, ...entries.map((e) => `${e.id}  # ${e.group}: ${e.detail}`)].join('\n')}\n`);
  return entries;
}

// Rewrites the generated part of docs/mlflow-compat.md (between its expected-failures markers):
// the REST tests' pass counts per file and the tests left failing, grouped by reason.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GROUPS } from './failure-reasons.mjs';
import { ROOT } from './kit.mjs';

export const DOC_FILE = join(ROOT, 'docs', 'mlflow-compat.md');
const BEGIN = '<!-- expected-failures:begin (node scripts/test-mlflow.mjs --update-expected rewrites this part) -->';
const END = '<!-- expected-failures:end -->';

/** `summary` from rest-tests.mjs summarize(); `entries` [{id, group, detail}] as written to the list. */
export function writeCompatDoc(summary, entries, date = new Date().toISOString().slice(0, 10)) {
  if (!existsSync(DOC_FILE)) return false;
  const text = readFileSync(DOC_FILE, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) return false;
  const lines = [BEGIN, '', `Last run ${date}:`, '', '| file | passed | run | failed | skipped |', '| --- | --- | --- | --- | --- |'];
  for (const s of summary) lines.push(`| \`${s.file}\` | ${s.passed} | ${s.run} | ${s.failed} | ${s.skipped} |`);
  for (const group of GROUPS) {
    const mine = entries.filter((e) => e.group === group);
    if (mine.length === 0) continue;
    lines.push('', `#### ${group} (${mine.length})`, '');
    for (const e of mine) lines.push(`- \`${e.id.replace(/^tests\/tracking\//, '')}\`${e.detail ? `: ${e.detail.replace(/\|/g, '\\|')}` : ''}`);
  }
  lines.push('', END);
  writeFileSync(DOC_FILE, text.slice(0, begin) + lines.join('\n') + text.slice(end + END.length));
  return true;
}

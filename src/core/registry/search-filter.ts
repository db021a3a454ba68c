import { invalid } from '../errors';
import type { Comparison, FilterAttribute, FilterValue } from './filter-parser';
import { parseRegistryFilter } from './filter-parser';

export { NUMBER_OPERATORS, STRING_OPERATORS } from './filter-parser';

/**
 * MLflow's registry search filters compiled to a parameterized SQL condition; user values and tag
 * keys are always `?` parameters.
 */

export interface FilterTarget {
  attributes: Readonly<Record<string, FilterAttribute>>;
  /** A condition on one tag: `?` is the key, `{value}` is replaced by the value comparison. */
  tagCondition: string;
  /** True for a row that is a prompt: `?` is the prompt tag's key. */
  promptCondition: string;
}

export interface SqlCondition {
  sql: string;
  params: FilterValue[];
}

/** The tag MLflow 3 marks prompts with: they live in the registry, but searches leave them out. */
export const IS_PROMPT_TAG = 'mlflow.prompt.is_prompt';

/**
 * The SQL condition for a filter (`1` when there is none). As MLflow's server does, a search
 * returns models, not prompts, unless the filter asks for prompts
 * (`` tags.`mlflow.prompt.is_prompt` = 'true' ``): every MLflow 3 client adds
 * `` tags.`mlflow.prompt.is_prompt` != 'true' ``, which models without the tag must match.
 */
export function compileRegistryFilter(filter: string | undefined, target: FilterTarget): SqlCondition {
  const comparisons = parseRegistryFilter(filter, target.attributes);
  const prompts = queriesPrompts(comparisons);
  const parts = comparisons.filter((c) => prompts || c.kind !== 'tag' || c.key !== IS_PROMPT_TAG).map((c) => compileComparison(c, target));
  if (!prompts) parts.push({ sql: `NOT ${target.promptCondition}`, params: [IS_PROMPT_TAG] });
  if (parts.length === 0) return { sql: '1', params: [] };
  return { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) };
}

/** MLflow's _is_querying_prompt: the first condition on the prompt tag decides. */
function queriesPrompts(comparisons: readonly Comparison[]): boolean {
  const first = comparisons.find((c): c is Extract<Comparison, { kind: 'tag' }> => c.kind === 'tag' && c.key === IS_PROMPT_TAG);
  if (!first) return false;
  const value = first.value.toLowerCase();
  return (first.operator === '=' && value === 'true') || (first.operator === '!=' && value === 'false');
}

function compileComparison(comparison: Comparison, target: FilterTarget): SqlCondition {
  if (comparison.kind === 'tag') {
    const value = compare('t.value', comparison.operator, comparison.value);
    return { sql: target.tagCondition.replace('{value}', value.sql), params: [comparison.key, ...value.params] };
  }
  const { column } = comparison.attribute;
  if (Array.isArray(comparison.value)) return { sql: `${column} ${comparison.operator} (${comparison.value.map(() => '?').join(', ')})`, params: comparison.value };
  return compare(column, comparison.operator, comparison.value);
}

function compare(column: string, operator: string, value: FilterValue): SqlCondition {
  if (operator === 'ILIKE') return { sql: `lower(${column}) LIKE lower(?)`, params: [value] };
  // SQLite's LIKE ignores ASCII case; MLflow's LIKE does not.
  if (operator === 'LIKE') return { sql: `${column} GLOB ?`, params: [likeToGlob(String(value))] };
  return { sql: `${column} ${operator} ?`, params: [value] };
}

/** A case-sensitive LIKE pattern as a GLOB: % is *, _ is ?, GLOB's own specials matched literally. */
function likeToGlob(pattern: string): string {
  return pattern.replace(/[*?[\]%_]/g, (ch) => ({ '%': '*', _: '?', '*': '[*]', '?': '[?]', '[': '[[]', ']': '[]]' })[ch] ?? ch);
}

/**
 * ORDER BY terms for `<key> [ASC|DESC]` clauses over the given columns (an optional `attributes.`
 * prefix is allowed), each key at most once, then the `always` terms for keys not yet ordered.
 */
export function compileRegistryOrderBy(orderBy: readonly string[] | undefined, columns: Readonly<Record<string, string>>, always: readonly [string, 'ASC' | 'DESC'][]): string {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const clause of orderBy ?? []) {
    const match = /^\s*(?:attributes?\.)?`?(\w+)`?(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
    const column = match && Object.prototype.hasOwnProperty.call(columns, match[1]!) ? columns[match[1]!] : undefined;
    if (!match || !column) throw invalid(`Invalid order by key '${clause}' specified. Valid keys are ${Object.keys(columns).join(', ')}, each with ASC or DESC.`);
    if (seen.has(column)) throw invalid(`\`order_by\` contains duplicate fields: ${JSON.stringify(orderBy)}`);
    seen.add(column);
    terms.push(`${column} ${(match[2] ?? 'ASC').toUpperCase()}`);
  }
  for (const [column, direction] of always) if (!seen.has(column)) terms.push(`${column} ${direction}`);
  return terms.join(', ');
}

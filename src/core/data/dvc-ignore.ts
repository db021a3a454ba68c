import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Rule {
  /** Workspace-relative `/` folder of the `.dvcignore` that holds the rule ('' at the root). */
  base: string;
  pattern: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

const FILE = '.dvcignore';

/**
 * The `.dvcignore` files of a DVC repository (gitignore syntax, as DVC reads them with pathspec's
 * gitwildmatch): each applies below its own folder, the last matching rule wins, and `!` re-includes.
 * A folder that is ignored is not walked, so nothing below it can be re-included, as in git.
 */
export class DvcIgnore {
  private constructor(
    private readonly workspace: string,
    private readonly rules: readonly Rule[],
  ) {}

  static none(workspace: string): DvcIgnore {
    return new DvcIgnore(workspace, []);
  }

  /** The rules that apply inside workspace-relative folder `rel`: the root's and every ancestor's, down to `rel` itself. */
  static above(workspace: string, rel: string): DvcIgnore {
    let ignore = DvcIgnore.none(workspace).withFolder('');
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) ignore = ignore.withFolder(parts.slice(0, i).join('/'));
    return ignore;
  }

  /** These rules plus those of `rel/.dvcignore`, when there is one. */
  withFolder(rel: string): DvcIgnore {
    let text: string;
    try {
      text = readFileSync(join(this.workspace, ...rel.split('/').filter(Boolean), FILE), 'utf8');
    } catch {
      return this;
    }
    const added = parseDvcIgnore(text, rel);
    return added.length === 0 ? this : new DvcIgnore(this.workspace, [...this.rules, ...added]);
  }

  /** Whether the workspace-relative path is ignored. */
  ignored(rel: string, isDir: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.dirOnly && !isDir) continue;
      const inside = rule.base === '' ? rel : rel.startsWith(`${rule.base}/`) ? rel.slice(rule.base.length + 1) : undefined;
      if (inside !== undefined && rule.pattern.test(inside)) ignored = !rule.negate;
    }
    return ignored;
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }
}

/** The rules of one `.dvcignore` file in folder `base`. */
export function parseDvcIgnore(text: string, base: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    if (line.startsWith('\\#') || line.startsWith('\\!')) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.replace(/\/+$/, '');
    if (line === '') continue;
    rules.push({ base, pattern: wildmatch(line), negate, dirOnly });
  }
  return rules;
}

/** A gitwildmatch pattern as a RegExp over a `/` path relative to the ignore file's folder. */
export function wildmatch(pattern: string): RegExp {
  const anchored = pattern.includes('/') && !/^\*\*\/[^/]*$/.test(pattern);
  const p = pattern.replace(/^\//, '');
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (p.startsWith('**/', i) && (i === 0 || p[i - 1] === '/')) {
      re += '(?:.*/)?';
      i += 2;
    } else if (p.startsWith('/**', i) && i + 3 === p.length) {
      re += '/.*';
      i += 2;
    } else if (ch === '*') {
      while (p[i + 1] === '*') i++;
      re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = p.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < p.length) re += escapeChar(p[++i]!);
    else re += escapeChar(ch);
  }
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${re}(?:/.*)?$`, 's');
}

function escapeChar(ch: string): string {
  return /[.+^${}()|[\]\\*?/]/.test(ch) ? `\\${ch}` : ch;
}

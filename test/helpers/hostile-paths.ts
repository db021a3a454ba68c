import { lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import fc from 'fast-check';

/** Seed and size of every property run over hostile paths, so a failure replays. */
export const FUZZ = { seed: 15_015, numRuns: 200 } as const;

/**
 * Symlinks planted in `root` (a folder at least five levels below `outer`, so the at most four '..'
 * the generator makes still land inside `outer`, links followed): out of the root, dangling out
 * of it, back inside, dangling inside, a loop, and up two levels.
 */
export function plantLinks(outer: string, root: string): void {
  mkdirSync(join(root, 'sub', 'deep'), { recursive: true });
  const elsewhere = join(outer, 'e1', 'e2', 'e3', 'e4', 'elsewhere');
  mkdirSync(elsewhere, { recursive: true });
  symlinkSync(elsewhere, join(root, 'out'));
  symlinkSync(join(outer, 'n1', 'n2', 'n3', 'n4', 'nowhere', 'x'), join(root, 'dang'));
  symlinkSync(join(root, 'sub'), join(root, 'in'));
  symlinkSync('missing-inside', join(root, 'dangin'));
  symlinkSync('loop', join(root, 'loop'));
  symlinkSync('../..', join(root, 'sub', 'up'));
}

/** Names that are hostile alone or in sequence: traversal, the links above, separators, NUL, long and odd names. */
const SEGMENT = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('..', '.', '', 'sub', 'deep', 'out', 'dang', 'in', 'dangin', 'loop', 'up', '..foo', 'x', '.mlops', '.git') },
  { weight: 2, arbitrary: fc.constantFrom('a\\..\\..', '..\\', 'C:', 'C:\\x', 'nul\0x', '%2e%2e', 'ü', ' ', '\n', 'x'.repeat(300)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

/** A relative or absolute path of up to 8 hostile segments (absolute ones point into `outer`). */
export function hostilePath(outer: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('', '', '', '/', `${outer}/l1/l2/l3/l4/`, `${outer}/e1/e2/e3/e4/`), fc.array(SEGMENT, { minLength: 1, maxLength: 8 }), fc.constantFrom('/', '/', '\\'))
    .map(([prefix, parts, separator]) => prefix + parts.join(separator))
    .filter((path) => (path.match(/\.\./g) ?? []).length <= 4);
}

/**
 * Where `abs` really leads: each component resolved as the kernel would, following symlinks
 * (dangling ones too, since a write would create their target). 'loop' for a symlink cycle.
 */
export function realTarget(abs: string, hops = 0): string | 'loop' {
  const parts = abs.split('/').filter(Boolean);
  let current = '/';
  for (let i = 0; i < parts.length; i++) {
    const next = join(current, parts[i]!);
    let isLink = false;
    try {
      isLink = lstatSync(next).isSymbolicLink();
    } catch {
      // not there (or not a folder): the rest is lexical
    }
    if (isLink) {
      if (hops >= 40) return 'loop';
      const target = readlinkSync(next);
      return realTarget(join(isAbsolute(target) ? target : resolve(current, target), ...parts.slice(i + 1)), hops + 1);
    }
    current = next;
  }
  return current;
}

/**
 * Every entry under `dir`, relative with `/`, symlinks listed but not followed (Node 20's recursive
 * readdir follows them, which loops on a link to a parent).
 */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      out.push(path);
      if (entry.isDirectory()) walk(join(abs, entry.name), path);
    }
  };
  walk(dir, '');
  return out.sort();
}

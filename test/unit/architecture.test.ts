import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';

// The layout rules of docs/architecture.md, checked on the import lines of src/**/*.ts:
// no cycle between files or between core areas, each core area entered only through its index.ts,
// and the process layers (extension, shared, core, runtime, CLI) importing only what they may.

const ROOT = join(__dirname, '../..');

interface Import {
  from: string;
  /** Repository-relative .ts file, or the bare module name (`vscode`, `node:fs`, `yaml`). */
  to: string;
  typeOnly: boolean;
}

/**
 * Deep imports allowed on purpose: the Node client (`local-mlops/client`) is a small bundle of its
 * own, and an area's index would pull in yaml and onnxruntime-node.
 */
const ALLOWED_DEEP_IMPORTS = new Set(['src/client/index.ts -> src/core/workspace/confine.ts', 'src/client/index.ts -> src/core/models/onnx/index.ts']);

const IMPORT = /(?:^|\n)[ \t]*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const base = relative(ROOT, join(ROOT, dirname(from), spec));
  const file = [`${base}.ts`, `${base}/index.ts`, base].find((c) => existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile());
  assert.ok(file, `${from} imports '${spec}', which is no file`);
  return file;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  return [...text.matchAll(IMPORT)].map((m) => ({ from: file, to: resolveImport(file, m[2]!), typeOnly: m[1] !== undefined }));
}

const FILES = sourceFiles('src');
const IMPORTS = FILES.flatMap(importsOf);

/** `data` for src/core/data/…; undefined for files outside an area (src/core/errors.ts, other layers). */
const areaOf = (file: string): string | undefined => /^src\/core\/([^/]+)\//.exec(file)?.[1];
/** An area's SQL schema: a leaf the store's migrations read, so it imports nothing. */
const isSchema = (file: string): boolean => areaOf(file) !== undefined && /(^|\/|-)schema\.ts$/.test(file);
const layerOf = (file: string): string => /^src\/([^/]+)\//.exec(file)?.[1] ?? 'other';

/** Each cycle of a graph once, as the path that closes it (a → b → a). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  const path: string[] = [];
  const visit = (node: string): void => {
    onPath.set(node, path.length);
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const at = onPath.get(next);
      if (at !== undefined) found.push([...path.slice(at), next]);
      else if (!done.has(next)) visit(next);
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
  };
  for (const node of [...edges.keys()].sort()) if (!done.has(node)) visit(node);
  return found;
}

function graph(pairs: Iterable<[string, string]>): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [a, b] of pairs) (edges.get(a) ?? edges.set(a, new Set()).get(a)!).add(b);
  return edges;
}

const shown = (found: string[][]): string => found.map((c) => `\n  ${c.join(' -> ')}`).join('');

describe('architecture (import lines of src/**/*.ts)', () => {
  it('no file imports itself back through others', () => {
    const found = cycles(graph(IMPORTS.filter((i) => i.to.startsWith('src/')).map((i) => [i.from, i.to])));
    assert.equal(found.length, 0, `import cycles between files:${shown(found)}`);
  });

  it('no core area depends on itself through other areas', () => {
    // The store's migrations read each area's schema leaf; that is not a dependency on the area.
    const between = IMPORTS.filter((i) => !isSchema(i.to)).map((i) => [areaOf(i.from), areaOf(i.to)] as const);
    const found = cycles(graph(between.filter((p): p is [string, string] => p[0] !== undefined && p[1] !== undefined && p[0] !== p[1])));
    assert.equal(found.length, 0, `import cycles between core areas:${shown(found)}`);
  });

  it('code outside a core area enters it only through its index.ts', () => {
    const skipping = IMPORTS.filter((i) => {
      const area = areaOf(i.to);
      if (area === undefined || areaOf(i.from) === area || i.to === `src/core/${area}/index.ts`) return false;
      if (isSchema(i.to) && i.from.startsWith('src/core/store/')) return false;
      return !ALLOWED_DEEP_IMPORTS.has(`${i.from} -> ${i.to}`);
    });
    assert.deepEqual(skipping.map((i) => `${i.from} -> ${i.to}`), [], 'import the area (e.g. ../core/data), and export the name from its index.ts');
  });

  it('schema files are leaves', () => {
    const leaky = IMPORTS.filter((i) => isSchema(i.from) && i.to.startsWith('src/'));
    assert.deepEqual(leaky.map((i) => `${i.from} -> ${i.to}`), []);
  });

  it('each core area has an index.ts', () => {
    const areas = readdirSync(join(ROOT, 'src/core')).filter((name) => statSync(join(ROOT, 'src/core', name)).isDirectory());
    assert.deepEqual(areas.filter((area) => !existsSync(join(ROOT, 'src/core', area, 'index.ts'))), []);
  });

  it('each layer imports only the layers it may', () => {
    // extension and webviews: shared only; shared: nothing else; core: no process code; runtime: no CLI.
    const allowed: Record<string, readonly string[]> = {
      extension: ['extension', 'shared'],
      shared: ['shared'],
      core: ['core', 'shared'],
      runtime: ['runtime', 'core', 'shared'],
      cli: ['cli', 'runtime', 'core', 'shared', 'client'],
      client: ['client', 'core', 'shared'],
    };
    const wrong = IMPORTS.filter((i) => {
      const layer = layerOf(i.from);
      if (i.to === 'vscode') return layer !== 'extension';
      if (!i.to.startsWith('src/')) return (layer === 'extension' || layer === 'shared') && /^(better-sqlite3|onnxruntime-node|chokidar|node:sqlite)$/.test(i.to);
      return !(allowed[layer] ?? []).includes(layerOf(i.to));
    });
    assert.deepEqual(wrong.map((i) => `${i.from} -> ${i.to}`), []);
  });
});

describe('architecture (routes)', () => {
  it('the runtime serves only declared routes: no router.get/post/put/delete/patch/add outside the router', () => {
    const raw = FILES.filter((file) => file.startsWith('src/') && file !== 'src/runtime/http/router.ts').flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\b\w*[rR]outer\s*\.\s*(get|post|put|delete|patch|add)\s*\(/.test(line) ? [`${file}:${i + 1}`] : [])),
    );
    assert.deepEqual(raw, [], 'serve a route with router.handle(ROUTE, handler), ROUTE declared in src/shared/contract');
  });
});

// An esbuild plugin for the CLI/runtime bundle: the Node built-ins and packages that start-up does
// not need are loaded when first used instead of when the bundle is evaluated. esbuild turns every
// `import { x } from 'node:zlib'` into a top-level require() that runs as the bundle loads: loading
// crypto, fs/promises, child_process, zlib and worker_threads costs ~30 ms, and yaml, chokidar and
// hyparquet a few more, that `mlops runtime` would pay before its first answer. Such an import gets
// a stand-in module whose exports are getters that require the real module on first read; the
// export names are read, at build time, from the module itself.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Built-ins a plain HTTP server does not load; a bundle pays for each on its first use only. */
export const LAZY_BUILTINS = [
  'child_process',
  'crypto',
  'dgram',
  'dns',
  'fs/promises',
  'module',
  'os',
  'perf_hooks',
  'readline',
  'readline/promises',
  'stream/promises',
  'timers/promises',
  'vm',
  'worker_threads',
  'zlib',
];

/** Packages the runtime needs only for some requests or once it has started. */
export const LAZY_PACKAGES = ['chokidar', 'hyparquet', 'yaml'];

const BUILTIN = 'lazy-builtin';
const PACKAGE = 'lazy-package';
const REAL = Symbol('real module');

/**
 * The getters sit on the prototype of module.exports: esbuild's __toESM, run at every import site
 * as the bundle loads, copies own properties only (a getter per name per site, ~12 ms in all) and
 * gives its copy the same prototype.
 */
function standIn(specifier, keys) {
  return [
    'let real;',
    `const load = () => (real ??= require(${JSON.stringify(specifier)}));`,
    'const lazy = {};',
    `for (const key of ${JSON.stringify(keys.filter((k) => k !== 'default' && k !== '__esModule'))}) Object.defineProperty(lazy, key, { enumerable: true, get: () => load()[key] });`,
    'module.exports = Object.create(lazy);',
  ].join('\n');
}

async function exportNames(file) {
  try {
    return Object.keys(require(file));
  } catch (error) {
    if (error.code !== 'ERR_REQUIRE_ESM') throw error;
    return Object.keys(await import(pathToFileURL(file).href));
  }
}

const pattern = (names) => new RegExp(`^(${names.map((n) => n.replace(/[/.]/g, (c) => `\\${c}`)).join('|')})$`);

/**
 * @param {{ builtins?: string[], packages?: string[] }} [lazy] built-ins (without `node:`) and
 * package names (whole specifiers; `pkg/sub` paths stay eager) to load on first use
 */
export function lazyModules({ builtins = LAZY_BUILTINS, packages = LAZY_PACKAGES } = {}) {
  const builtinFilter = pattern(builtins.flatMap((n) => [n, `node:${n}`]));
  const packageFilter = pattern(packages);
  return {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter: builtinFilter }, (args) =>
        // The stand-in's own require() is the real built-in.
        args.namespace === BUILTIN ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: BUILTIN },
      );
      build.onLoad({ filter: /.*/, namespace: BUILTIN }, (args) => ({
        contents: standIn(`node:${args.path}`, Object.keys(require(`node:${args.path}`))),
        loader: 'js',
      }));
      build.onResolve({ filter: packageFilter }, async (args) => {
        if (args.pluginData === REAL) return undefined;
        const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: REAL });
        if (real.errors.length > 0 || real.external) return real;
        return { path: real.path, namespace: PACKAGE };
      });
      build.onLoad({ filter: /.*/, namespace: PACKAGE }, async (args) => ({
        contents: standIn(args.path, await exportNames(args.path)),
        resolveDir: dirname(args.path),
        loader: 'js',
      }));
    },
  };
}

// The `mlops` executable (dist/cli.js). It loads the CLI bundle (dist/cli-main.js) through V8's code
// cache, kept per user under ~/.cache/local-mlops, so a command does not parse and compile the whole
// 1.4 MB bundle, nor recompile the functions it runs, every time it starts. It imports nothing of the
// project and only Node built-ins that start-up loads anyway.
import { isAscii } from 'node:buffer';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface CliBundle {
  start(): void;
}

const BUNDLE = join(__dirname, 'cli-main.js');

/** FNV-1a, enough to name a cache file (node:crypto would cost more to load than the cache saves). */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

function cacheDir(): string | undefined {
  if (process.env.MLOPS_CLI_CODE_CACHE === '0') return undefined;
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : undefined);
  return base ? join(base, 'local-mlops') : undefined;
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Writes the cache once the command is done (it then holds the functions the command compiled); never fails the command. */
function saveOnExit(script: Script, dir: string, prefix: string, file: string): void {
  process.once('exit', () => {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
      renameSync(temp, file);
      for (const name of readdirSync(dir)) if (name.startsWith(prefix) && join(dir, name) !== file && !name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
    } catch {
      // A read-only or full disk only means the next start compiles again.
    }
  });
}

function load(): CliBundle {
  const bytes = readFileSync(BUNDLE);
  // An ASCII bundle read as latin1 stays a one-byte string, which V8 reads and compiles faster.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const dir = cacheDir();
  const info = statSync(BUNDLE);
  const prefix = `cli-${fnv(BUNDLE)}-`;
  const file = dir && join(dir, `${prefix}${fnv(`${info.size}:${info.mtimeMs}:${process.version}:${process.arch}:${process.execArgv.join(' ')}`)}.cache`);
  const cached = file ? readOrUndefined(file) : undefined;
  const script = new Script(Module.wrap(source), { filename: BUNDLE, ...(cached && { cachedData: cached }) });
  // --version and help would leave a cache that lacks the code of every real command.
  const command = /^[a-z]/.test(process.argv[2] ?? '') && process.argv[2] !== 'help';
  if (dir && file && command && (cached === undefined || script.cachedDataRejected === true)) saveOnExit(script, dir, prefix, file);
  const bundle = new Module(BUNDLE, module);
  bundle.filename = BUNDLE;
  bundle.paths = module.paths.map((p) => p); // dist/ and this file share their node_modules lookup
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(bundle.exports, bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, dirname(BUNDLE));
  bundle.loaded = true;
  return bundle.exports as CliBundle;
}

load().start();

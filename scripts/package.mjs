// Packages (vsce runs the production build via vscode:prepublish) a platform-specific .vsix (native modules inside) with vsce.
// Usage: node scripts/package.mjs [--target linux-x64] [--out FILE] [--ls (list the files it would hold)]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const target = option('--target') ?? `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;
const [platform, arch] = target.split('-');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = option('--out') ?? `${pkg.name}-${target}-${pkg.version}.vsix`;

// onnxruntime-node ships binaries for every platform; keep only the target's.
const ortPlatforms = { linux: ['x64', 'arm64'], darwin: ['x64', 'arm64'], win32: ['x64', 'arm64'] };
const ignore = [readFileSync('.vscodeignore', 'utf8')];
for (const [os, arches] of Object.entries(ortPlatforms)) {
  for (const a of arches) {
    if (os !== platform || a !== arch) ignore.push(`node_modules/onnxruntime-node/bin/napi-v6/${os}/${a}/**`);
  }
}
// The runtime loads only the native modules and what they require at run time; their install-time
// helpers (prebuild-install, onnxruntime-node's download script deps) stay out. With them out the
// package holds few .js files, so vsce does not warn that the (already bundled) extension is not.
const INSTALL_ONLY = new Set(['prebuild-install', 'adm-zip', 'global-agent']);
const runtimePackages = new Set();
const visit = (name) => {
  if (runtimePackages.has(name) || INSTALL_ONLY.has(name)) return;
  runtimePackages.add(name);
  const manifest = JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8'));
  for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency);
};
for (const name of Object.keys(pkg.dependencies ?? {})) visit(name);
for (const entry of readdirSync('node_modules', { withFileTypes: true })) {
  if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
  const names = entry.name.startsWith('@') ? readdirSync(join('node_modules', entry.name)).map((n) => `${entry.name}/${n}`) : [entry.name];
  for (const name of names) if (!runtimePackages.has(name)) ignore.push(`node_modules/${name}/**`);
}
// onnxruntime-common is required (CommonJS), never imported as ESM.
ignore.push('node_modules/onnxruntime-common/dist/esm/**', 'node_modules/onnxruntime-common/lib/**');
const dir = mkdtempSync(join(tmpdir(), 'mlops-package-'));
const ignoreFile = join(dir, '.vscodeignore');
writeFileSync(ignoreFile, ignore.join('\n') + '\n');
const listOnly = args.includes('--ls');
try {
  const vsce = join('node_modules', '@vscode', 'vsce', 'vsce');
  const command = listOnly
    ? ['ls', '--ignoreFile', ignoreFile]
    : ['package', '--target', target, '--ignoreFile', ignoreFile, '--out', out, '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links'];
  execFileSync(process.execPath, [vsce, ...command], {
    stdio: 'inherit',
    env: { ...process.env, VSCE_SKIP_PREPUBLISH: '' },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!listOnly) console.log(`packaged ${out}`);

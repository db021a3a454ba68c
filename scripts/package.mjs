// Packages (vsce runs the production build via vscode:prepublish) a platform-specific .vsix (native modules inside) with vsce.
// Usage: node scripts/package.mjs [--target linux-x64] [--out FILE]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const dir = mkdtempSync(join(tmpdir(), 'mlops-package-'));
const ignoreFile = join(dir, '.vscodeignore');
writeFileSync(ignoreFile, ignore.join('\n') + '\n');
try {
  const vsce = join('node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--target', target, '--ignoreFile', ignoreFile, '--out', out, '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links'], {
    stdio: 'inherit',
    env: { ...process.env, VSCE_SKIP_PREPUBLISH: '' },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`packaged ${out}`);

// Child processes the benches start: wait for a line that says they are ready, stop with SIGTERM.
import { spawn } from 'node:child_process';

/** Starts `node ARGS` and resolves once its stdout matches readyPattern (rejects if it exits first). */
export function startProcess(args, readyPattern, { cwd } = {}) {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c.toString();
      const m = readyPattern.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

/** SIGTERM, resolved when the process has exited. */
export async function stop(child) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

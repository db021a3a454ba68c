import * as vscode from 'vscode';

interface Served {
  ref: string;
  port: number;
  execution: vscode.TaskExecution;
}

const FIRST_PORT = 5001;

/** Model servers this window started as tasks: which model each serves, on which port. */
export class ModelServers implements vscode.Disposable {
  private readonly served = new Map<string, Served>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly changed: () => void) {
    this.disposables.push(
      vscode.tasks.onDidEndTask((e) => {
        for (const [ref, s] of this.served) if (s.execution === e.execution) this.served.delete(ref);
        this.changed();
      }),
    );
  }

  async start(ref: string, port: number, task: vscode.Task): Promise<void> {
    if (this.served.has(ref)) throw new Error(`${ref} is already served on port ${this.served.get(ref)!.port}; stop it first.`);
    const execution = await vscode.tasks.executeTask(task);
    this.served.set(ref, { ref, port, execution });
    this.changed();
  }

  stop(name: string, version: string, aliases: string[]): void {
    for (const ref of this.refs(name, version, aliases)) this.served.get(ref)?.execution.terminate();
  }

  /** The URL a version is served at, directly or through one of its aliases. */
  urlOf(name: string, version: string, aliases: string[]): string | undefined {
    for (const ref of this.refs(name, version, aliases)) {
      const s = this.served.get(ref);
      if (s) return `http://127.0.0.1:${s.port}`;
    }
    return undefined;
  }

  aliasMoved(_name: string): void {
    this.changed();
  }

  suggestPort(): number {
    const used = new Set([...this.served.values()].map((s) => s.port));
    let port = FIRST_PORT;
    while (used.has(port)) port++;
    return port;
  }

  private refs(name: string, version: string, aliases: string[]): string[] {
    return [`${name}@${version}`, ...aliases.map((a) => `${name}@${a}`)];
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

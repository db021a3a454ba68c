import * as vscode from 'vscode';

/** Settings, read only through these typed getters. */
export class Config {
  static readonly section = 'mlops';
  /** Keys whose change needs a runtime restart to take effect. */
  static readonly restartKeys = ['mlops.runtime.node'];

  private get settings(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Config.section);
  }

  /** The Node that runs the runtime; undefined means VS Code's own executable. */
  get runtimeNode(): string | undefined {
    const value = this.settings.get<string>('runtime.node', '').trim();
    return value.length > 0 ? value : undefined;
  }

  get autoStart(): boolean {
    return this.settings.get<boolean>('runtime.autoStart', true);
  }

  needsRestart(event: vscode.ConfigurationChangeEvent): boolean {
    return Config.restartKeys.some((key) => event.affectsConfiguration(key));
  }
}

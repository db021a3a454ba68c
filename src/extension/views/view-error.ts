import { ReportOnce, failureReason } from '../failure-reporting';

/** The row a tree view shows instead of its children when asking the runtime for them failed. */
export interface ViewErrorNode {
  kind: 'viewError';
  view: string;
  /** What the view lists ("runs"), for the row's label. */
  noun: string;
  message: string;
  /** The node whose children failed to load; undefined at the root. */
  parent: unknown;
}

/** The two rows under an error: *Show Logs* and *Retry*. */
export interface ViewActionNode {
  kind: 'viewAction';
  action: 'showLogs' | 'retry';
  view: string;
  error: ViewErrorNode;
}

export type ViewProblemNode = ViewErrorNode | ViewActionNode;

export interface ChildrenGuardOptions {
  /** The view's id, e.g. mlops.runs; Retry names it. */
  view: string;
  noun: string;
  log: { error(message: string): void };
  /** False when the runtime is not (or no longer) running: the view then shows its welcome content. */
  runtimeReady(): boolean;
}

export function isViewProblem(node: unknown): node is ViewProblemNode {
  return typeof node === 'object' && node !== null && 'kind' in node && (node.kind === 'viewError' || node.kind === 'viewAction');
}

/**
 * Loads a view's children and turns a failure into one error row with the reason, logged once per
 * distinct reason until a load of the root succeeds again. No vscode import.
 */
export class ChildrenGuard {
  private readonly reported = new ReportOnce();

  constructor(private readonly options: ChildrenGuardOptions) {}

  async children<T>(parent: T | undefined, load: () => PromiseLike<T[] | null | undefined> | T[] | null | undefined): Promise<(T | ViewErrorNode)[]> {
    try {
      const children = (await load()) ?? [];
      if (parent === undefined) this.reported.clear();
      return children;
    } catch (error) {
      if (!this.options.runtimeReady()) return [];
      const message = failureReason(error);
      if (this.reported.first(message)) this.options.log.error(`${this.options.view}: could not load ${this.options.noun}: ${message}`);
      return [{ kind: 'viewError', view: this.options.view, noun: this.options.noun, message, parent }];
    }
  }

  /** The children of an error row: its actions. */
  actions(error: ViewErrorNode): ViewActionNode[] {
    return [
      { kind: 'viewAction', action: 'showLogs', view: error.view, error },
      { kind: 'viewAction', action: 'retry', view: error.view, error },
    ];
  }
}

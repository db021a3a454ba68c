import type * as vscode from 'vscode';
import { viewProblemItem } from './error-item';
import type { ChildrenGuard, ViewProblemNode } from './view-error';
import { isViewProblem } from './view-error';

/** A tree provider of one view that can reload everything it shows. */
export interface RefreshableTreeProvider<T> extends vscode.TreeDataProvider<T> {
  refresh(): void;
}

/**
 * Wraps a view's provider so a failed request shows an error row (with *Show Logs* and *Retry*)
 * where the children would be, instead of an empty view. Every view is registered through it.
 */
export class GuardedTreeProvider<T> implements vscode.TreeDataProvider<T | ViewProblemNode> {
  readonly onDidChangeTreeData: vscode.Event<T | ViewProblemNode | (T | ViewProblemNode)[] | undefined | null | void> | undefined;

  constructor(
    private readonly inner: RefreshableTreeProvider<T>,
    private readonly guard: ChildrenGuard,
  ) {
    this.onDidChangeTreeData = inner.onDidChangeTreeData;
  }

  /** Retry: the view loads again from its root. */
  retry(): void {
    this.inner.refresh();
  }

  getTreeItem(node: T | ViewProblemNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return isViewProblem(node) ? viewProblemItem(node) : this.inner.getTreeItem(node);
  }

  async getChildren(node?: T | ViewProblemNode): Promise<(T | ViewProblemNode)[]> {
    if (isViewProblem(node)) return node.kind === 'viewError' ? this.guard.actions(node) : [];
    return this.guard.children(node, () => this.inner.getChildren(node));
  }

  getParent(node: T | ViewProblemNode): vscode.ProviderResult<T | ViewProblemNode> {
    if (isViewProblem(node)) return node.kind === 'viewError' ? (node.parent as T | undefined) : node.error;
    return this.inner.getParent?.(node);
  }
}

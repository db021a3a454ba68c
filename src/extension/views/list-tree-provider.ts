import * as vscode from 'vscode';

export interface ListItem {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  contextValue?: string;
}

/**
 * A flat view of plain items, converted in getTreeItem. While it holds no items VS Code shows the
 * view's welcome content (contributes.viewsWelcome), which offers the first action.
 */
export class ListTreeProvider implements vscode.TreeDataProvider<ListItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ListItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private items: ListItem[] = [];

  setItems(items: ListItem[]): void {
    this.items = items;
    this.changed.fire(undefined);
  }

  getChildren(element?: ListItem): ListItem[] {
    return element ? [] : this.items;
  }

  getTreeItem(item: ListItem): vscode.TreeItem {
    const tree = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
    tree.id = item.id;
    tree.description = item.description;
    tree.tooltip = item.tooltip;
    tree.contextValue = item.contextValue;
    if (item.icon) tree.iconPath = new vscode.ThemeIcon(item.icon);
    return tree;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

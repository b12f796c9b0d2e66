/**
 * The "Functions" node under each connected connection: libraries from FUNCTION LIST (merged over
 * every master of a cluster), and their functions with flags. Elements are plain data, one object
 * per id, so change events find their rows.
 */
import * as vscode from 'vscode';
import { FunctionInfo, LibraryInfo, listLibraries } from '../../core/lua/functions';
import { ConnectionManager } from '../connections/manager';
import { ChildElement, ConnectionChildProvider } from '../connections/tree';

export interface FunctionsNode extends ChildElement {
  kind: 'functions';
}
export interface LibraryNode extends ChildElement {
  kind: 'library';
  library: LibraryInfo;
}
export interface FunctionNode extends ChildElement {
  kind: 'function';
  library: string;
  fn: FunctionInfo;
}
export type FunctionsTreeNode = FunctionsNode | LibraryNode | FunctionNode;

export const FUNCTION_NODE_KINDS = ['functions', 'library', 'function'] as const;
/** Every contextValue these nodes carry; package.json menus match on these. */
export const FUNCTION_CONTEXT_VALUES = ['redisDevkit.functions', 'redisDevkit.functionLibrary', 'redisDevkit.function'] as const;

export class FunctionsTree implements ConnectionChildProvider, vscode.Disposable {
  readonly kinds = FUNCTION_NODE_KINDS;
  private readonly nodes = new Map<string, FunctionsTreeNode>();
  private readonly changed = new vscode.EventEmitter<ChildElement | undefined>();
  readonly onDidChange = this.changed.event;
  /** The last listing per connection, for tests and for "Call Function…" pickers. */
  private readonly listings = new Map<string, LibraryInfo[]>();

  constructor(private readonly connections: ConnectionManager) {}

  private node<T extends FunctionsTreeNode>(fresh: T): T {
    const existing = this.nodes.get(fresh.id) as T | undefined;
    if (existing) {
      Object.assign(existing, fresh);
      return existing;
    }
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }

  roots(connectionId: string): ChildElement[] {
    return [this.node<FunctionsNode>({ kind: 'functions', id: `${connectionId}/functions`, connectionId })];
  }

  /** Lists the libraries on the connection (connecting if needed). */
  async libraries(connectionId: string): Promise<LibraryInfo[]> {
    const session = this.connections.session(connectionId) ?? (await this.connections.connect(connectionId));
    const libraries = await listLibraries(session.client);
    this.listings.set(connectionId, libraries);
    return libraries;
  }

  lastListing(connectionId: string): LibraryInfo[] | undefined {
    return this.listings.get(connectionId);
  }

  async children(element: ChildElement): Promise<ChildElement[]> {
    const node = element as FunctionsTreeNode;
    if (node.kind === 'functions') {
      const libraries = await this.libraries(node.connectionId);
      return libraries.map((library) => this.node<LibraryNode>({ kind: 'library', id: `${node.connectionId}/functions/${library.name}`, connectionId: node.connectionId, library }));
    }
    if (node.kind === 'library') {
      return node.library.functions.map((fn) => this.node<FunctionNode>({ kind: 'function', id: `${node.id}/${fn.name}`, connectionId: node.connectionId, library: node.library.name, fn }));
    }
    return [];
  }

  treeItem(element: ChildElement): vscode.TreeItem {
    const node = element as FunctionsTreeNode;
    switch (node.kind) {
      case 'functions': {
        const item = new vscode.TreeItem('Functions', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `fn:${node.id}`;
        item.iconPath = new vscode.ThemeIcon('symbol-function');
        item.contextValue = FUNCTION_CONTEXT_VALUES[0];
        item.tooltip = 'Redis 7 function libraries (FUNCTION LIST). Load one from a file starting with #!lua name=<library>.';
        return item;
      }
      case 'library': {
        const item = new vscode.TreeItem(node.library.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `fn:${node.id}`;
        item.iconPath = new vscode.ThemeIcon('library');
        const count = node.library.functions.length;
        item.description = `${count} function${count === 1 ? '' : 's'}${node.library.nodes.length > 1 ? ` · ${node.library.nodes.length} nodes` : ''}`;
        item.tooltip = new vscode.MarkdownString().appendText(`Library ${node.library.name} (${node.library.engine})\nLoaded on: ${node.library.nodes.join(', ')}`);
        item.contextValue = FUNCTION_CONTEXT_VALUES[1];
        return item;
      }
      case 'function': {
        const item = new vscode.TreeItem(node.fn.name, vscode.TreeItemCollapsibleState.None);
        item.id = `fn:${node.id}`;
        item.iconPath = new vscode.ThemeIcon('symbol-method');
        item.description = node.fn.flags.join(', ');
        item.tooltip = new vscode.MarkdownString().appendText(`${node.fn.name} in ${node.library}${node.fn.description ? `\n${node.fn.description}` : ''}${node.fn.flags.length ? `\nflags: ${node.fn.flags.join(', ')}` : ''}`);
        item.contextValue = FUNCTION_CONTEXT_VALUES[2];
        return item;
      }
    }
  }

  parent(element: ChildElement): ChildElement | undefined {
    const node = element as FunctionsTreeNode;
    if (node.kind === 'functions') return undefined;
    if (node.kind === 'library') return this.nodes.get(`${node.connectionId}/functions`);
    return this.nodes.get(`${node.connectionId}/functions/${node.library}`);
  }

  /** Redraws the Functions node of a connection (after a load or delete). */
  refresh(connectionId: string): void {
    this.changed.fire(this.nodes.get(`${connectionId}/functions`));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * The Connections tree. Elements are plain data; `getTreeItem` maps them, with no I/O. Later
 * features add child kinds (databases, folders, keys) under a connected connection.
 */
import * as vscode from 'vscode';
import { describeTarget } from '../../core/connection/config';
import { Commands } from '../../host/commands';
import { ConnectionManager, ConnectionState, ConnectionStatus } from './manager';
import { connectionTooltip } from './tooltip';

export interface ConnectionNode {
  kind: 'connection';
  connectionId: string;
}

/** Elements below a connection (databases, folders, keys...), owned by another feature. */
export interface ChildElement {
  kind: string;
  id: string;
  connectionId: string;
}

/**
 * What a feature provides to show elements under connected connections. Several features may add
 * providers (the key browser's databases, the Lua runner's Functions node); each owns the element
 * kinds it lists, and their roots show in the order the providers were added.
 */
export interface ConnectionChildProvider {
  /** The `kind`s of the elements this provider returns (and maps, and parents). */
  kinds: readonly string[];
  roots(connectionId: string): ChildElement[];
  children(element: ChildElement): Promise<ChildElement[]> | ChildElement[];
  treeItem(element: ChildElement): vscode.TreeItem;
  /** The element above, or undefined when it is the connection. */
  parent(element: ChildElement): ChildElement | undefined;
  onDidChange: vscode.Event<ChildElement | undefined>;
}

export type RedisTreeNode = ConnectionNode | ChildElement;

const STATE_ICONS: Record<ConnectionState, vscode.ThemeIcon> = {
  disconnected: new vscode.ThemeIcon('database', new vscode.ThemeColor('disabledForeground')),
  connecting: new vscode.ThemeIcon('loading~spin'),
  connected: new vscode.ThemeIcon('database', new vscode.ThemeColor('charts.green')),
  reconnecting: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('list.warningForeground')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

export class ConnectionTreeProvider implements vscode.TreeDataProvider<RedisTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RedisTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /**
   * One element object per connection: VS Code finds the row to redraw by the identity of the
   * object getChildren returned, so a change event must carry that same object.
   */
  private readonly nodes = new Map<string, ConnectionNode>();
  private readonly childProviders: ConnectionChildProvider[] = [];

  constructor(private readonly manager: ConnectionManager) {
    this.subscriptions = [
      manager.onDidChange((id) => {
        const node = id ? this.nodes.get(id) : undefined;
        // A change for a connection not shown yet (or for the list) redraws from the root.
        this.changed.fire(node);
      }),
      manager.store.onDidChange(() => this.changed.fire(undefined)),
    ];
  }

  /** Lets a feature show elements under connected connections (the key browser, Functions). */
  setChildProvider(provider: ConnectionChildProvider): vscode.Disposable {
    this.childProviders.push(provider);
    const sub = provider.onDidChange((e) => this.changed.fire(e));
    this.changed.fire(undefined);
    return new vscode.Disposable(() => {
      sub.dispose();
      const at = this.childProviders.indexOf(provider);
      if (at >= 0) this.childProviders.splice(at, 1);
    });
  }

  private providerOf(element: ChildElement): ConnectionChildProvider | undefined {
    return this.childProviders.find((p) => p.kinds.includes(element.kind));
  }

  async getChildren(element?: RedisTreeNode): Promise<RedisTreeNode[]> {
    if (element && !isConnectionNode(element)) return (await this.providerOf(element)?.children(element)) ?? [];
    if (element) {
      const connected = ['connected', 'reconnecting'].includes(this.manager.status(element.connectionId).state);
      return connected ? this.childProviders.flatMap((p) => p.roots(element.connectionId)) : [];
    }
    const ids = this.manager.store.list().map((c) => c.config.id);
    for (const id of [...this.nodes.keys()]) if (!ids.includes(id)) this.nodes.delete(id);
    return ids.map((id) => this.node(id));
  }

  /** The element for a connection id (stable across calls). */
  node(connectionId: string): ConnectionNode {
    let node = this.nodes.get(connectionId);
    if (!node) {
      node = { kind: 'connection', connectionId };
      this.nodes.set(connectionId, node);
    }
    return node;
  }

  getParent(element: RedisTreeNode): RedisTreeNode | undefined {
    if (isConnectionNode(element)) return undefined;
    return this.providerOf(element)?.parent(element) ?? this.node(element.connectionId);
  }

  getTreeItem(element: RedisTreeNode): vscode.TreeItem {
    if (!isConnectionNode(element)) return this.providerOf(element)?.treeItem(element) ?? new vscode.TreeItem(element.id);
    const stored = this.manager.store.get(element.connectionId);
    const status = this.manager.status(element.connectionId);
    const expandable = this.childProviders.length > 0 && (status.state === 'connected' || status.state === 'reconnecting');
    const item = new vscode.TreeItem(stored?.config.name ?? element.connectionId, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `connection:${element.connectionId}`;
    item.iconPath = STATE_ICONS[status.state];
    item.description = describeState(status, stored?.config.readOnly === true, this.manager.activeId === element.connectionId);
    item.contextValue = connectionContextValue(status.state);
    if (stored) {
      item.tooltip = connectionTooltip(stored.config, stored.scope, status);
      item.accessibilityInformation = { label: `${stored.config.name}, ${describeTarget(stored.config)}, ${status.state}` };
    }
    if (status.state === 'disconnected' || status.state === 'failed') {
      item.command = { command: Commands.connect, title: 'Connect', arguments: [element] };
    }
    return item;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

function isConnectionNode(element: RedisTreeNode): element is ConnectionNode {
  return element.kind === 'connection';
}

/** Every contextValue a connection node can carry; package.json menus match on these. */
export const CONNECTION_CONTEXT_VALUES = (Object.keys(STATE_ICONS) as ConnectionState[]).map(connectionContextValue);

export function connectionContextValue(state: ConnectionState): string {
  return `redisDevkit.connection.${state}`;
}

function describeState(status: ConnectionStatus, readOnly: boolean, active: boolean): string {
  const parts: string[] = [];
  if (active) parts.push('active');
  switch (status.state) {
    case 'connected':
      parts.push(status.info?.version ? `connected · ${status.info.version}` : 'connected');
      break;
    case 'connecting':
      parts.push('connecting…');
      break;
    case 'reconnecting':
      parts.push('reconnecting…');
      break;
    case 'failed':
      parts.push('failed');
      break;
  }
  if (readOnly) parts.push('read-only');
  return parts.join(' · ');
}

import * as vscode from 'vscode';
import { FeatureContext } from '../featureContext';
import { registerConnectionCommands } from './commands';
import { createStatusBar } from './statusBar';
import { ConnectionTreeProvider } from './tree';

/** The Connections view, its commands and the status-bar item. */
export function register(ctx: FeatureContext): { tree: ConnectionTreeProvider; view: vscode.TreeView<unknown> } {
  const tree = new ConnectionTreeProvider(ctx.connections);
  const view = vscode.window.createTreeView('redisDevkit.connections', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const setHasConnections = () => vscode.commands.executeCommand('setContext', 'redisDevkit.hasConnections', ctx.connections.store.list().length > 0);
  void setHasConnections();
  const connectedContext = () =>
    vscode.commands.executeCommand('setContext', 'redisDevkit.connected', ctx.connections.store.list().some((c) => ctx.connections.status(c.config.id).state === 'connected'));
  ctx.subscriptions.push(
    tree,
    view,
    createStatusBar(ctx.connections),
    ctx.connections.store.onDidChange(() => {
      void setHasConnections();
      void ctx.connections.prune();
    }),
    ctx.connections.onDidChange(() => void connectedContext()),
    ...registerConnectionCommands(ctx.connections, ctx.log),
  );
  return { tree, view: view as vscode.TreeView<unknown> };
}

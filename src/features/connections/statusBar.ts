import * as vscode from 'vscode';
import { Commands } from '../../host/commands';
import { ConnectionManager } from './manager';

/** Shows the active connection and its state; clicking it switches connections. */
export function createStatusBar(manager: ConnectionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('redisDevkit.activeConnection', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Redis Connection';
  item.command = Commands.switchConnection;
  const update = () => {
    const id = manager.activeId;
    const stored = id ? manager.store.get(id) : undefined;
    if (!id || !stored) {
      item.text = '$(database) Redis: none';
      item.tooltip = 'No active Redis connection: click to choose one';
      item.backgroundColor = undefined;
    } else {
      const { state } = manager.status(id);
      const icon = { connected: '$(database)', connecting: '$(loading~spin)', reconnecting: '$(sync~spin)', failed: '$(error)', disconnected: '$(debug-disconnect)' }[state];
      item.text = `${icon} ${stored.config.name}${stored.config.readOnly ? ' (read-only)' : ''}`;
      item.tooltip = `Redis: ${stored.config.name} is ${state}. Click to switch connections.`;
      item.backgroundColor =
        state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : state === 'reconnecting' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }
    item.show();
  };
  update();
  const subs = [manager.onDidChange(update), manager.store.onDidChange(update)];
  return vscode.Disposable.from(item, ...subs);
}

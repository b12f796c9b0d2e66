/** Browsing: Load more / Show more, Scan All (progress + Cancel), Filter, Refresh. */
import * as vscode from 'vscode';
import { formatCount } from '../../core/keyspace/format';
import { ScanCancelled } from '../../core/keyspace/scan';
import { Commands, registerCommand } from '../../host/commands';
import { ConnectionNode } from '../connections/tree';
import { KeyBrowser } from './keyBrowser';
import { DatabaseNode, FolderNode, MoreNode } from './nodes';

const TYPES = ['string', 'hash', 'list', 'set', 'zset', 'stream', 'ReJSON-RL'];

export function registerBrowseCommands(browser: KeyBrowser, view: vscode.TreeView<unknown>, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const describeFilter = () => {
    const { pattern, type } = browser.filter;
    view.description = [pattern ? `match ${pattern}` : '', type ? `type ${type}` : ''].filter(Boolean).join(' · ') || undefined;
    void vscode.commands.executeCommand('setContext', 'redisDevkit.keyFilterActive', !!(pattern || type));
  };

  /** The database a view-title command acts on: the given node's, else the only/picked connected one. */
  const pickDatabase = async (node?: DatabaseNode | ConnectionNode): Promise<DatabaseNode | undefined> => {
    if (node?.kind === 'db') return node;
    const connected = browser.connections.store.list().filter((c) => browser.connections.status(c.config.id).state === 'connected');
    const dbs = (node ? connected.filter((c) => c.config.id === node.connectionId) : connected).flatMap((c) => browser.databases(c.config.id).map((d) => ({ d, name: c.config.name })));
    if (dbs.length === 0) throw new Error('Connect to a Redis server first.');
    if (dbs.length === 1) return dbs[0].d;
    const picked = await vscode.window.showQuickPick(dbs.map(({ d, name }) => ({ label: `${name} · db${d.db}`, d })), { placeHolder: 'Database to scan' });
    return picked?.d;
  };

  return [
    registerCommand(
      Commands.loadMoreKeys,
      async (node: MoreNode) => {
        const b = await browser.browser(node.connectionId, node.db);
        if (node.what === 'show') b.showMore(node.prefix);
        else await vscode.window.withProgress({ location: { viewId: 'redisDevkit.connections' } }, () => b.loadMore(node.prefix));
        browser.fire(browser.parent(node));
      },
      log,
    ),
    registerCommand(
      Commands.scanAllKeys,
      async (node?: DatabaseNode | ConnectionNode) => {
        const target = await pickDatabase(node);
        if (!target) return undefined;
        const b = await browser.browser(target.connectionId, target.db);
        const name = browser.connections.store.get(target.connectionId)?.config.name ?? '';
        const total = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Scanning ${name} db${target.db}`, cancellable: true },
          async (progress, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            let last = 0;
            try {
              return await b.scanAll((n) => {
                if (n - last >= 5000) {
                  progress.report({ message: `${formatCount(n, false)} keys scanned` });
                  last = n;
                }
              }, abort.signal);
            } catch (e) {
              if (e instanceof ScanCancelled) return undefined;
              throw e;
            }
          },
        );
        browser.fire(target);
        if (total === undefined) void vscode.window.showInformationMessage('Scan cancelled; the tree keeps what was loaded before.');
        else void vscode.window.setStatusBarMessage(`Scanned ${formatCount(total, false)} keys in ${name} db${target.db}`, 5000);
        return total;
      },
      log,
    ),
    registerCommand(
      Commands.filterKeys,
      async (filter?: { pattern?: string; type?: string }) => {
        let next = filter;
        if (!next) {
          const pattern = await vscode.window.showInputBox({
            title: 'Filter Keys (1/2)',
            value: browser.filter.pattern ?? '',
            prompt: 'Glob pattern for SCAN MATCH (user:*, session:??:*); a name without * ? [ is looked up exactly; empty for all keys',
          });
          if (pattern === undefined) return;
          const types = [{ label: 'Any type' }, ...TYPES.map((t) => ({ label: t }))];
          const type = await vscode.window.showQuickPick(types, { title: 'Filter Keys (2/2)', placeHolder: 'Only keys of this type (SCAN TYPE)' });
          if (!type) return;
          next = { pattern: pattern || undefined, type: type.label === 'Any type' ? undefined : type.label };
        }
        browser.setFilter({ pattern: next.pattern || undefined, type: next.type || undefined });
        describeFilter();
      },
      log,
    ),
    registerCommand(
      Commands.clearKeyFilter,
      () => {
        browser.setFilter({});
        describeFilter();
      },
      log,
    ),
    registerCommand(
      Commands.refreshKeys,
      async (node?: DatabaseNode | FolderNode | ConnectionNode) => {
        if (!node) return browser.resetAll();
        if (node.kind === 'connection') {
          await browser.connections.refreshInfo(node.connectionId);
          return browser.refresh(node.connectionId);
        }
        return browser.refresh(node.connectionId, node.db, node.kind === 'folder' ? node.prefix : '');
      },
      log,
    ),
  ];
}

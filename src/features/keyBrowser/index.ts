import * as vscode from 'vscode';
import { FeatureContext } from '../featureContext';
import { ConnectionTreeProvider } from '../connections/tree';
import { registerBrowseCommands } from './browseCommands';
import { registerFolderCommands } from './folderCommands';
import { browserTreeItem } from './items';
import { KeyBrowser } from './keyBrowser';
import { BROWSER_NODE_KINDS, BrowserNode } from './nodes';
import { registerKeyCommands } from './keyCommands';

/** Databases, namespace folders and keys under each connected connection, with their actions. */
export function register(ctx: FeatureContext, tree: ConnectionTreeProvider, view: vscode.TreeView<unknown>): KeyBrowser {
  const browser = new KeyBrowser(ctx.connections);
  ctx.subscriptions.push(
    browser,
    tree.setChildProvider({
      kinds: BROWSER_NODE_KINDS,
      roots: (connectionId) => browser.databases(connectionId),
      children: (e) => {
        const node = e as BrowserNode;
        return node.kind === 'db' || node.kind === 'folder' ? browser.children(node) : [];
      },
      treeItem: (e) => {
        const node = e as BrowserNode;
        return browserTreeItem(node, browser, browser.loaded(node.connectionId, node.db));
      },
      parent: (e) => browser.parent(e as BrowserNode),
      onDidChange: browser.onDidChange,
    }),
    ...registerBrowseCommands(browser, view, ctx.log),
    ...registerKeyCommands(browser, view, ctx.log),
    ...registerFolderCommands(browser, view, ctx.log),
  );
  return browser;
}

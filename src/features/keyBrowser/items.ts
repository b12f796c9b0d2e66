/** TreeItems for key browser elements. Pure mapping from data already loaded: no I/O here. */
import type { Cluster } from 'ioredis';
import calculateSlot from 'cluster-key-slot';
import * as vscode from 'vscode';
import { DbBrowser } from '../../core/keyspace/dbBrowser';
import { formatCount, formatTtl } from '../../core/keyspace/format';
import { displayKey } from '../../core/keyspace/keyName';
import { isCluster } from '../../core/keyspace/scan';
import { Commands } from '../../host/commands';
import { KeyBrowser } from './keyBrowser';
import { BrowserNode, DatabaseNode, FolderNode, KeyNode, MoreNode } from './nodes';

const TYPE_ICONS: Record<string, string> = {
  string: 'symbol-string',
  hash: 'symbol-object',
  list: 'list-ordered',
  set: 'symbol-array',
  zset: 'list-tree',
  stream: 'pulse',
  'ReJSON-RL': 'json',
};

/** Every contextValue these items carry (menus match on them; a test checks). */
export const BROWSER_CONTEXT_VALUES = [
  'redisDevkit.db',
  'redisDevkit.folder',
  'redisDevkit.more',
  ...[...Object.keys(TYPE_ICONS), 'none'].map((t) => `redisDevkit.key.${t}`),
];

/** Maps a key browser element to its TreeItem, given the state already loaded for its database. */
export function browserTreeItem(node: BrowserNode, browser: KeyBrowser, db: DbBrowser | undefined): vscode.TreeItem {
  switch (node.kind) {
    case 'db':
      return databaseItem(node, browser, db);
    case 'folder':
      return folderItem(node, db, browser);
    case 'key':
      return keyItem(node, db);
    case 'more':
      return moreItem(node);
  }
}

function databaseItem(node: DatabaseNode, browser: KeyBrowser, db: DbBrowser | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(`db${node.db}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('layers');
  item.contextValue = 'redisDevkit.db';
  const info = browser.connections.status(node.connectionId).info?.keyspace.find((k) => k.db === node.db);
  const filtered = browser.filter.pattern || browser.filter.type;
  if (db && (filtered || !info)) {
    const { count, partial } = db.count('');
    item.description = `${formatCount(count, partial)} ${filtered ? 'matching' : 'keys'}`;
  } else if (info) {
    item.description = `${info.keys.toLocaleString('en-US')} ${info.keys === 1 ? 'key' : 'keys'}`;
  }
  item.tooltip = info ? `db${node.db}: ${info.keys.toLocaleString('en-US')} keys, ${info.expires.toLocaleString('en-US')} with a TTL` : `db${node.db}`;
  return item;
}

function folderItem(node: FolderNode, db: DbBrowser | undefined, browser: KeyBrowser): vscode.TreeItem {
  const name = displayKey(Buffer.from(node.name, 'latin1')) || '(empty)';
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.iconPath = vscode.ThemeIcon.Folder;
  item.contextValue = 'redisDevkit.folder';
  const count = db?.count(node.prefix);
  if (count) item.description = formatCount(count.count, count.partial);
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(`${displayKey(Buffer.from(node.prefix, 'latin1'))}*`);
  if (count) tooltip.appendText(`\n\n${formatCount(count.count, count.partial)} keys${count.partial ? ' so far (the scan is partial: Scan All counts them all)' : ''}`);
  const warning = browser.ttlWarning(node);
  if (warning) {
    item.iconPath = new vscode.ThemeIcon('folder', new vscode.ThemeColor('list.warningForeground'));
    item.description = `${item.description ?? ''} · ${Math.round(warning.noTtlPct)}% no TTL`;
    tooltip.appendText(`\n\nHealth report: ${warning.noTtl.toLocaleString('en-US')} of ${warning.keys.toLocaleString('en-US')} keys (${Math.round(warning.noTtlPct)}%) have no TTL.`);
  }
  item.tooltip = tooltip;
  return item;
}

function keyItem(node: KeyNode, db: DbBrowser | undefined): vscode.TreeItem {
  const meta = db?.metaOf(node.key);
  const item = new vscode.TreeItem(displayKey(KeyBrowser.leaf(node.key, node.prefix)), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const type = meta?.type ?? 'none';
  item.iconPath = new vscode.ThemeIcon(TYPE_ICONS[type] ?? 'key');
  item.contextValue = `redisDevkit.key.${TYPE_ICONS[type] ? type : 'none'}`;
  item.description = meta ? `${type} · ${formatTtl(meta.pttl)}` : undefined;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(displayKey(node.key));
  if (meta) tooltip.appendText(`\n\n${type}, ${meta.pttl === -1 ? 'no TTL' : `expires in ${formatTtl(meta.pttl)}`}`);
  const where = db && clusterNodeOf(db.client, node.key);
  if (where) tooltip.appendText(`\n\nslot ${where.slot} on ${where.node}`);
  item.tooltip = tooltip;
  // Streams open in the stream viewer (paged entries, groups, live tail); other types in the key editor.
  item.command =
    type === 'stream'
      ? { command: Commands.openStream, title: 'Open Stream', arguments: [node, { preserveFocus: true }] }
      : { command: Commands.openKey, title: 'Open Key', arguments: [node, { preserveFocus: true }] };
  item.accessibilityInformation = { label: `${displayKey(node.key)}, ${item.description ?? ''}` };
  return item;
}

function moreItem(node: MoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.what === 'scan' ? 'Load more…' : 'Show more…', vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(node.what === 'scan' ? 'sync' : 'ellipsis');
  item.contextValue = 'redisDevkit.more';
  item.tooltip = node.what === 'scan' ? 'Continue the SCAN with the next page of keys' : 'List more of the keys already scanned in this folder';
  item.command = { command: Commands.loadMoreKeys, title: item.label as string, arguments: [node, { preserveFocus: true }] };
  return item;
}

/** A key's slot and the master serving it, on a cluster. */
function clusterNodeOf(client: DbBrowser['client'], key: Buffer): { slot: number; node: string } | undefined {
  if (!isCluster(client)) return undefined;
  const slot = calculateSlot(key);
  const owners = (client as Cluster & { slots: string[][] }).slots[slot];
  return owners?.[0] ? { slot, node: owners[0] } : undefined;
}

/** Key actions: copy name, rename, TTL, persist, delete (multi), duplicate, create. */
import * as vscode from 'vscode';
import { formatTtl, parseTtl } from '../../core/keyspace/format';
import { displayKey } from '../../core/keyspace/keyName';
import { Commands, registerCommand } from '../../host/commands';
import { KeyBrowser } from './keyBrowser';
import { DatabaseNode, FolderNode, KeyNode } from './nodes';
import { askTtl, assertWritable, clientOf, confirm, nameOf, targets } from './writes';

export function registerKeyCommands(browser: KeyBrowser, view: vscode.TreeView<unknown>, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const one = (clicked: unknown): KeyNode => {
    const [node] = targets('key', clicked, undefined, view);
    if (!node) throw new Error('Select a key in the Redis view first.');
    return node;
  };
  /** Re-reads TYPE/TTL after a write: a redrawn row maps from the cache and does no I/O itself. */
  const changedKeys = async (nodes: KeyNode[]) => {
    const b = await browser.browser(nodes[0].connectionId, nodes[0].db);
    const keys = nodes.map((n) => n.key);
    b.forgetMeta(keys);
    await b.loadMeta(keys);
  };

  return [
    registerCommand(
      Commands.copyKeyName,
      async (clicked: unknown) => {
        const node = one(clicked);
        await vscode.env.clipboard.writeText(node.key.toString('utf8'));
        void vscode.window.setStatusBarMessage(`Copied ${nameOf(node)}`, 3000);
        return nameOf(node);
      },
      log,
    ),
    registerCommand(
      Commands.renameKey,
      async (clicked: unknown, newName?: string) => {
        const node = one(clicked);
        assertWritable(browser, node.connectionId, 'rename');
        const target =
          newName ??
          (await vscode.window.showInputBox({ title: `Rename ${nameOf(node)}`, value: node.key.toString('utf8'), prompt: 'New key name', validateInput: (v) => (v ? undefined : 'Enter a name') }));
        if (!target) return false;
        const client = await clientOf(browser, node);
        const to = Buffer.from(target, 'utf8');
        if (to.equals(node.key)) return false;
        const moved = await client.renamenx(node.key, to);
        if (moved === 0) {
          const ok = await confirm(`A key named '${target}' exists. Overwrite it?`, `RENAME replaces '${target}' with the value of '${nameOf(node)}'; the old value of '${target}' is lost.`, 'Overwrite');
          if (!ok) return false;
          await client.rename(node.key, to);
        }
        await browser.update(node.connectionId, node.db, async (b) => {
          b.noteDeleted([node.key]);
          b.noteAdded([to]);
          await b.loadMeta([to]);
        });
        return true;
      },
      log,
    ),
    registerCommand(
      Commands.setKeyTtl,
      async (clicked: unknown, seconds?: number) => {
        const node = one(clicked);
        assertWritable(browser, node.connectionId, 'expire');
        const ttl =
          seconds ?? (await askTtl(`Set TTL on ${nameOf(node)}`));
        if (!ttl) return false;
        const client = await clientOf(browser, node);
        if ((await client.expire(node.key, ttl)) === 0) throw new Error(`${nameOf(node)} no longer exists.`);
        await changedKeys([node]);
        browser.fire(node);
        void vscode.window.setStatusBarMessage(`${nameOf(node)} now expires in ${formatTtl(ttl * 1000)}`, 4000);
        return true;
      },
      log,
    ),
    registerCommand(
      Commands.persistKey,
      async (clicked: unknown) => {
        const node = one(clicked);
        assertWritable(browser, node.connectionId, 'persist');
        await (await clientOf(browser, node)).persist(node.key);
        await changedKeys([node]);
        browser.fire(node);
        return true;
      },
      log,
    ),
    registerCommand(
      Commands.deleteKeys,
      async (clicked: unknown, selected?: unknown[], options?: { confirm?: boolean }) => {
        const nodes = targets('key', clicked, selected, view);
        if (nodes.length === 0) throw new Error('Select one or more keys in the Redis view first.');
        assertWritable(browser, nodes[0].connectionId, 'unlink');
        const names = nodes.map(nameOf);
        const message = nodes.length === 1 ? `Delete the key '${names[0]}'?` : `Delete ${nodes.length} keys?`;
        const detail = `UNLINK removes ${nodes.length === 1 ? 'it' : 'them'} for good:\n${names.slice(0, 10).join('\n')}${names.length > 10 ? `\n… and ${names.length - 10} more` : ''}`;
        if (options?.confirm !== false && !(await confirm(message, detail, 'Delete'))) return 0;
        let deleted = 0;
        for (const node of nodes) deleted += await (await clientOf(browser, node)).unlink(node.key);
        for (const db of new Set(nodes.map((n) => n.db))) {
          const gone = nodes.filter((n) => n.db === db).map((n) => n.key);
          await browser.update(nodes[0].connectionId, db, (b) => b.noteDeleted(gone));
        }
        void vscode.window.showInformationMessage(nodes.length === 1 ? `Deleted ${names[0]}.` : `Deleted ${deleted} of ${nodes.length} keys.`);
        return deleted;
      },
      log,
    ),
    registerCommand(
      Commands.duplicateKey,
      async (clicked: unknown, newName?: string) => {
        const node = one(clicked);
        assertWritable(browser, node.connectionId, 'copy');
        const target =
          newName ?? (await vscode.window.showInputBox({ title: `Duplicate ${nameOf(node)}`, value: `${node.key.toString('utf8')}:copy`, prompt: 'Name of the copy (COPY keeps the TTL)' }));
        if (!target) return false;
        const client = await clientOf(browser, node);
        const to = Buffer.from(target, 'utf8');
        if ((await client.copy(node.key, to)) === 0) {
          if (!(await confirm(`A key named '${target}' exists. Replace it?`, `COPY … REPLACE overwrites '${target}' with a copy of '${nameOf(node)}'.`, 'Replace'))) return false;
          await client.copy(node.key, to, 'REPLACE');
        }
        await browser.update(node.connectionId, node.db, (b) => b.noteAdded([to]));
        return true;
      },
      log,
    ),
    registerCommand(
      Commands.createKey,
      async (clicked?: DatabaseNode | FolderNode) => {
        const [where] = [...targets('folder', clicked, undefined, view), ...targets('db', clicked, undefined, view)];
        if (!where) throw new Error('Select a database or folder in the Redis view first.');
        assertWritable(browser, where.connectionId, 'set');
        const created = await createKeyWizard(browser, where);
        if (created) await browser.update(where.connectionId, where.db, (b) => b.noteAdded([Buffer.from(created, 'utf8')]));
        return created;
      },
      log,
    ),
  ];
}

const CREATE_TYPES = [
  { label: 'string', detail: 'SET key value' },
  { label: 'hash', detail: 'HSET key field value' },
  { label: 'list', detail: 'RPUSH key element' },
  { label: 'set', detail: 'SADD key member' },
  { label: 'zset', detail: 'ZADD key score member' },
  { label: 'stream', detail: 'XADD key * field value' },
];

/** Asks for name, type, a first value and an optional TTL, then creates the key (never overwriting). */
async function createKeyWizard(browser: KeyBrowser, where: DatabaseNode | FolderNode): Promise<string | undefined> {
  const prefix = where.kind === 'folder' ? Buffer.from(where.prefix, 'latin1').toString('utf8') : '';
  const name = await vscode.window.showInputBox({ title: 'Create Key (1/4)', value: prefix, valueSelection: [prefix.length, prefix.length], prompt: 'Key name' });
  if (!name) return undefined;
  const type = (await vscode.window.showQuickPick(CREATE_TYPES, { title: 'Create Key (2/4)', placeHolder: `Type of '${name}'` }))?.label;
  if (!type) return undefined;
  const needsPair = ['hash', 'zset', 'stream'].includes(type);
  const value = await vscode.window.showInputBox({
    title: 'Create Key (3/4)',
    prompt: needsPair ? (type === 'zset' ? 'First member as: score member' : 'First entry as: field value') : 'First value',
    validateInput: (v) => (needsPair && !/^\S+\s+[\s\S]+$/.test(v) ? 'Enter two parts separated by a space' : undefined),
  });
  if (value === undefined) return undefined;
  const ttlText = await vscode.window.showInputBox({ title: 'Create Key (4/4)', prompt: 'TTL (empty: none; e.g. 90, 15m, 2h, 1d)', validateInput: (v) => (!v || parseTtl(v) ? undefined : 'Enter a duration or leave empty') });
  if (ttlText === undefined) return undefined;
  const client = await clientOf(browser, where);
  const key = Buffer.from(name, 'utf8');
  if ((await client.exists(key)) > 0) throw new Error(`A key named '${displayKey(key)}' exists already; nothing was changed.`);
  const [first, ...rest] = value.split(/\s+/);
  const second = value.slice(first.length).trim();
  switch (type) {
    case 'string':
      await client.set(key, value, 'NX');
      break;
    case 'hash':
      await client.hset(key, first, second);
      break;
    case 'list':
      await client.rpush(key, value);
      break;
    case 'set':
      await client.sadd(key, value);
      break;
    case 'zset':
      if (!Number.isFinite(Number(first))) throw new Error(`'${first}' is not a score (a number).`);
      await client.zadd(key, first, rest.join(' '));
      break;
    case 'stream':
      await client.xadd(key, '*', first, second);
      break;
  }
  const ttl = ttlText ? parseTtl(ttlText) : undefined;
  if (ttl) await client.expire(key, ttl);
  return name;
}

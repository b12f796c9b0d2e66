import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RedisDevkitApi } from '../../src/extension';
import type { ConnectionNode } from '../../src/features/connections/tree';
import { restartServer } from '../harness/servers';
import { api, removeAllConnections, servers, waitFor } from './support';

describe('Connections', function () {
  this.timeout(30_000);
  let a: RedisDevkitApi;

  before(async () => {
    a = await api();
    await removeAllConnections(a);
  });
  afterEach(async () => removeAllConnections(a));

  const add = (url: string, name: string, scope?: 'user' | 'workspace'): Thenable<string> =>
    vscode.commands.executeCommand<string>('redisDevkit.connections.add', { url, name, scope, connect: false });

  const treeItem = async (id: string): Promise<vscode.TreeItem> => {
    const nodes = (await a.tree.getChildren()) as ConnectionNode[];
    const node = nodes.find((n) => n.connectionId === id);
    assert.ok(node, `connection ${id} is in the tree`);
    return a.tree.getTreeItem(node);
  };

  it('shows an added connection in the tree, then connected with server details', async () => {
    const { port } = servers().standalone;
    const id = await add(`redis://127.0.0.1:${port}`, 'Local Test');
    const before = await treeItem(id);
    assert.equal(before.label, 'Local Test');
    assert.equal(before.contextValue, 'redisDevkit.connection.disconnected');

    assert.equal(await vscode.commands.executeCommand('redisDevkit.connections.connect', id), true);
    await waitFor(() => a.connections.status(id).info, 'server info');
    const after = await treeItem(id);
    assert.equal(after.contextValue, 'redisDevkit.connection.connected');
    assert.match(String(after.description), /connected · \d+\.\d+\.\d+/);
    // appendText escapes spaces as &nbsp;: compare the text as a reader sees it.
    const tooltip = (after.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ');
    assert.match(tooltip, /Redis 7\./);
    assert.match(tooltip, /standalone/);
    assert.match(tooltip, /Role:\*\* master/);
    assert.equal(a.connections.activeId, id, 'the first connection becomes the active one');
  });

  it('redraws the connection row itself when its state changes', async () => {
    // VS Code matches change events to rows by object identity: the event must carry the very
    // element getChildren returned, or the row silently keeps its old state.
    const id = await add(`redis://127.0.0.1:${servers().standalone.port}`, 'Redraw');
    const shown = ((await a.tree.getChildren()) as ConnectionNode[]).find((n) => n.connectionId === id);
    const fired: unknown[] = [];
    const sub = a.tree.onDidChangeTreeData?.((e) => fired.push(e));
    try {
      assert.equal(await vscode.commands.executeCommand('redisDevkit.connections.connect', id), true);
      assert.ok(fired.length > 0, 'a change was signalled');
      assert.ok(fired.every((e) => e === shown || e === undefined), 'each event carries the shown element or refreshes the root');
      assert.ok(fired.includes(shown), 'the row itself was signalled');
    } finally {
      sub?.dispose();
    }
  });

  it('names a wrong password, and the node shows the failure', async () => {
    const { port } = servers().acl;
    const id = await add(`redis://admin:not-the-password@127.0.0.1:${port}`, 'ACL wrong');
    assert.equal(await vscode.commands.executeCommand('redisDevkit.connections.connect', id), false);
    assert.match(a.connections.status(id).error ?? '', /Authentication failed for admin@ACL wrong: wrong username or password/);
    const item = await treeItem(id);
    assert.equal(item.contextValue, 'redisDevkit.connection.failed');
    assert.match((item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /Authentication failed/);
  });

  it('keeps passwords out of settings.json and in secret storage', async () => {
    const { port, users } = servers().acl;
    const { password } = users.admin;
    const userId = await add(`redis://admin:${password}@127.0.0.1:${port}`, 'ACL user scope');
    const folder = vscode.workspace.workspaceFolders?.[0];
    const wsId = folder ? await add(`redis://admin:${password}@127.0.0.1:${port}`, 'ACL workspace scope', 'workspace') : undefined;

    const userSettings = path.join(path.dirname(path.dirname(a.globalStorageUri.fsPath)), 'settings.json');
    const files = [userSettings, ...(folder ? [path.join(folder.uri.fsPath, '.vscode', 'settings.json')] : [])];
    for (const file of files) {
      const text = await waitFor(() => {
        const t = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
        return t.includes('redisDevkit.connections') && t;
      }, `redisDevkit.connections in ${file}`);
      assert.ok(!text.includes(password), `${file} must not hold the password`);
    }
    // The password is still there for connecting: it came back from secret storage.
    for (const id of [userId, wsId].filter((x): x is string => !!x)) {
      assert.equal(await vscode.commands.executeCommand('redisDevkit.connections.connect', id), true);
    }
  });

  it('copies the URL without the password', async () => {
    const { port } = servers().acl;
    const id = await add(`redis://admin:s3cret@127.0.0.1:${port}/2?readonly=true`, 'Copy me');
    const url = await vscode.commands.executeCommand<string>('redisDevkit.connections.copyUrl', id);
    assert.equal(url, `redis://admin@127.0.0.1:${port}/2?readonly=true`);
    assert.equal(await vscode.env.clipboard.readText(), url);
  });

  it('tests a connection without keeping it open', async () => {
    const { nodes } = servers().cluster;
    const id = await add(`redis+cluster://127.0.0.1:${nodes[0].port}`, 'Cluster');
    const info = await vscode.commands.executeCommand<{ masters?: number; mode: string }>('redisDevkit.connections.test', id);
    assert.equal(info.mode, 'cluster');
    assert.equal(info.masters, 3);
    assert.equal(a.connections.status(id).state, 'disconnected');
  });

  it('refuses writes on a read-only connection, naming it', async () => {
    const { port } = servers().standalone;
    const id = await add(`redis://127.0.0.1:${port}?readonly=true`, 'Prod (read-only)');
    assert.equal(await vscode.commands.executeCommand('redisDevkit.connections.connect', id), true);
    const session = a.connections.session(id);
    assert.ok(session);
    await assert.rejects(session.client.set('integration:ro', '1'), /'Prod \(read-only\)' is a read-only connection: SET was not sent/);
    assert.match(String((await treeItem(id)).description), /read-only/);
  });

  it('removes a connection and its node', async () => {
    const id = await add(`redis://127.0.0.1:${servers().standalone.port}`, 'Doomed');
    assert.equal(await vscode.commands.executeCommand('redisDevkit.connections.remove', id, { confirm: false }), true);
    const nodes = (await a.tree.getChildren()) as ConnectionNode[];
    assert.ok(!nodes.some((n) => n.connectionId === id));
    assert.equal(a.connections.store.get(id), undefined);
  });

  it('comes back by itself after a server restart, and the node says so on the way', async () => {
    const id = await add(`redis://127.0.0.1:${servers().standalone.port}`, 'Restarted');
    assert.equal(await vscode.commands.executeCommand('redisDevkit.connections.connect', id), true);
    const seen: string[] = [];
    const sub = a.connections.onDidChange((changed) => {
      if (changed === id) seen.push(a.connections.status(id).state);
    });
    try {
      await restartServer(servers(), 'standalone');
      await waitFor(() => seen.includes('reconnecting') && a.connections.status(id).state === 'connected', 'reconnecting, then connected');
      assert.equal(seen.at(-1), 'connected');
      assert.equal(await a.connections.session(id)?.client.ping(), 'PONG');
      assert.match(String((await treeItem(id)).description), /connected/);
    } finally {
      sub.dispose();
    }
  });
});

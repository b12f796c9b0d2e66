/**
 * What "Open Key" acts on: a key tree node (or anything with `{connectionId, db, key: Buffer}`),
 * `{connectionId, db, keyBase64}` from scripts and tests, or, from the command palette, a
 * connection and a key name the user types.
 */
import * as vscode from 'vscode';
import { displayKey } from '../../core/keyspace/keyName';
import { KeyRef } from '../../core/keyspace/keyRef';
import { send } from '../../core/values/client';
import { ConnectionManager } from '../connections/manager';

/** A KeyRef from a command argument; undefined when the argument is not one. */
export function keyRefFrom(arg: unknown): KeyRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { connectionId?: unknown; db?: unknown; key?: unknown; keyBase64?: unknown };
  if (typeof o.connectionId !== 'string' || typeof o.db !== 'number' || !Number.isInteger(o.db) || o.db < 0) return undefined;
  let key: Buffer | undefined;
  if (Buffer.isBuffer(o.key)) key = o.key;
  else if (o.key instanceof Uint8Array) key = Buffer.from(o.key);
  else if (isSerializedBuffer(o.key)) key = Buffer.from(o.key.data);
  else if (typeof o.keyBase64 === 'string') key = Buffer.from(o.keyBase64, 'base64');
  return key ? { connectionId: o.connectionId, db: o.db, key } : undefined;
}

/** A Buffer that went through JSON (`{type: 'Buffer', data: [...]}`). */
function isSerializedBuffer(v: unknown): v is { type: 'Buffer'; data: number[] } {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data);
}

/**
 * Asks for the connection (when there are several; the active one first) and the key name.
 * Connects when needed and checks the key exists; undefined when the user cancels.
 */
export async function askForKey(connections: ConnectionManager): Promise<KeyRef | undefined> {
  const stored = connections.store.list();
  if (stored.length === 0) {
    const choice = await vscode.window.showInformationMessage('No Redis connections yet.', 'Add Connection');
    if (choice) await vscode.commands.executeCommand('redisDevkit.connections.add');
    return undefined;
  }
  let connectionId = stored[0].config.id;
  if (stored.length > 1) {
    const active = connections.activeId;
    const items = stored
      .map((c) => ({ label: c.config.name, description: connections.status(c.config.id).state, id: c.config.id }))
      .sort((a, b) => Number(b.id === active) - Number(a.id === active));
    const picked = await vscode.window.showQuickPick(items, { title: 'Open Key', placeHolder: 'Connection that holds the key' });
    if (!picked) return undefined;
    connectionId = picked.id;
  }
  const session = connections.session(connectionId) ?? (await connections.connect(connectionId));
  const db = session.config.db ?? 0;
  const name = await vscode.window.showInputBox({
    title: 'Open Key',
    prompt: `Key name on ${session.config.name} (db ${db}), exactly as stored (UTF-8)`,
    placeHolder: 'user:1001',
    ignoreFocusOut: true,
    validateInput: (v) => (v.length === 0 ? 'Enter a key name' : undefined),
  });
  if (!name) return undefined;
  const key = Buffer.from(name, 'utf8');
  const exists = await send<number>(await session.forDb(db), 'EXISTS', key);
  if (!exists) {
    void vscode.window.showWarningMessage(`No key '${displayKey(key)}' on ${session.config.name} (db ${db}).`);
    return undefined;
  }
  return { connectionId, db, key };
}

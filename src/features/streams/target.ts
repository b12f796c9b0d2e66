/**
 * What "Open Stream…" acts on: a key tree node (or anything with `{connectionId, db, key: Buffer}`),
 * `{connectionId, db, keyBase64}` from scripts and tests, or, from the command palette, a
 * connection and a stream key the user picks or types. The key must hold a stream.
 */
import * as vscode from 'vscode';
import { displayKey } from '../../core/keyspace/keyName';
import { KeyRef } from '../../core/keyspace/keyRef';
import { RedisClient, send, text } from '../../core/values/client';
import { ConnectionManager } from '../connections/manager';

const TITLE = 'Open Stream';
/** Stream keys offered in the palette's pick list (one SCAN … TYPE stream walk, bounded). */
const PICK_LIMIT = 200;
const SCAN_TRIPS = 50;

/** TYPE of the key: throws an error naming the type unless it is a stream. */
export async function checkIsStream(client: RedisClient, ref: KeyRef, connectionName: string): Promise<void> {
  const type = text(await send<Buffer>(client, 'TYPE', ref.key));
  if (type === 'stream') return;
  const where = `${connectionName} (db ${ref.db})`;
  if (type === 'none') throw new Error(`No key '${displayKey(ref.key)}' on ${where}.`);
  throw new Error(`'${displayKey(ref.key)}' on ${where} is a ${type}, not a stream: open it with Open Key.`);
}

/** Up to PICK_LIMIT stream keys of the db (SCAN with TYPE stream; a few round trips at most). */
async function someStreamKeys(client: RedisClient): Promise<Buffer[]> {
  const keys: Buffer[] = [];
  let cursor = '0';
  for (let trip = 0; trip < SCAN_TRIPS && keys.length < PICK_LIMIT; trip++) {
    const [next, batch] = await send<[Buffer, Buffer[]]>(client, 'SCAN', cursor, 'COUNT', 1000, 'TYPE', 'stream');
    keys.push(...batch);
    cursor = text(next);
    if (cursor === '0') break;
  }
  return keys.slice(0, PICK_LIMIT);
}

/**
 * Asks for the connection (when there are several; the active one first) and the stream: a pick
 * of the db's stream keys, or a typed name. Undefined when the user cancels.
 */
export async function askForStream(connections: ConnectionManager): Promise<KeyRef | undefined> {
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
    const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'Connection that holds the stream' });
    if (!picked) return undefined;
    connectionId = picked.id;
  }
  const session = connections.session(connectionId) ?? (await connections.connect(connectionId));
  const db = session.config.db ?? 0;
  const client = await session.forDb(db);
  // Cluster SCAN would need every master; there the name is typed.
  const found = session.config.topology === 'cluster' ? [] : await someStreamKeys(client).catch(() => []);
  const key = await pickOrType(found, `${session.config.name} (db ${db})`);
  return key && { connectionId, db, key };
}

async function pickOrType(found: Buffer[], where: string): Promise<Buffer | undefined> {
  if (found.length === 0) return typeName(where);
  type Item = vscode.QuickPickItem & { key?: Buffer };
  const items: Item[] = found.map((key) => ({ label: displayKey(key), key }));
  items.push({ label: 'Type a key name…', alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: `Stream keys on ${where}${found.length >= PICK_LIMIT ? ` (the first ${PICK_LIMIT})` : ''}`, matchOnDescription: true });
  if (!picked) return undefined;
  return picked.key ?? typeName(where);
}

async function typeName(where: string): Promise<Buffer | undefined> {
  const name = await vscode.window.showInputBox({
    title: TITLE,
    prompt: `Stream key on ${where}, exactly as stored (UTF-8)`,
    placeHolder: 'orders:events',
    ignoreFocusOut: true,
    validateInput: (v) => (v.length === 0 ? 'Enter a key name' : undefined),
  });
  return name ? Buffer.from(name, 'utf8') : undefined;
}

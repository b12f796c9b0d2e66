/**
 * What the health report runs on: taken from the command argument (a tree node or anything with
 * `{connectionId, db}`; tests add `mode`), or asked for: connection, database, then Sample or Full.
 */
import * as vscode from 'vscode';
import { HealthMode } from '../../core/keyspace/health';
import { Commands } from '../../host/commands';
import { ConnectionManager } from '../connections/manager';

export interface HealthTarget {
  connectionId: string;
  db: number;
  mode: HealthMode;
}

/** Options a script or test may pass (as the first argument's extra fields, or a second argument). */
export interface HealthCommandOptions {
  mode?: HealthMode;
  sampleSize?: number;
}

const TITLE = 'Keyspace Health Report';

/** `{connectionId, db?, mode?}` from an argument; undefined when it carries no connection. */
export function targetFrom(arg: unknown): { connectionId: string; db?: number; mode?: HealthMode } | undefined {
  if (typeof arg === 'string') return { connectionId: arg };
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { connectionId?: unknown; db?: unknown; mode?: unknown };
  if (typeof o.connectionId !== 'string') return undefined;
  const db = typeof o.db === 'number' && Number.isInteger(o.db) && o.db >= 0 ? o.db : undefined;
  const mode = o.mode === 'sample' || o.mode === 'full' ? o.mode : undefined;
  return { connectionId: o.connectionId, db, mode };
}

/** Completes the target, asking for whatever the argument did not say; undefined when the user backs out. */
export async function resolveTarget(manager: ConnectionManager, arg: unknown, options: HealthCommandOptions, sampleSize: number): Promise<HealthTarget | undefined> {
  const given = targetFrom(arg);
  if (arg !== undefined && !given) throw new Error('Keyspace Health Report needs {connectionId, db} (a connection or database from the Redis tree).');
  const connectionId = given?.connectionId ?? (await pickConnection(manager));
  if (!connectionId) return undefined;
  const stored = manager.store.get(connectionId);
  if (!stored) throw new Error(`No saved connection with id '${connectionId}'.`);
  // Connect first: a connection failure is reported as such, and the db list comes from the server.
  const session = manager.session(connectionId) ?? (await manager.connect(connectionId));
  const db = given?.db ?? (await pickDb(manager, connectionId, session.config.topology === 'cluster', session.config.db ?? 0));
  if (db === undefined) return undefined;
  const mode = options.mode ?? given?.mode ?? (await pickMode(manager, connectionId, db, sampleSize));
  return mode ? { connectionId, db, mode } : undefined;
}

async function pickConnection(manager: ConnectionManager): Promise<string | undefined> {
  const stored = manager.store.list();
  if (stored.length === 0) {
    const choice = await vscode.window.showInformationMessage('No Redis connections yet.', 'Add Connection');
    if (choice) await vscode.commands.executeCommand(Commands.addConnection);
    return undefined;
  }
  const connected = (id: string) => manager.status(id).state === 'connected';
  const active = manager.activeId;
  const items = stored
    .map((c) => ({
      label: `$(database) ${c.config.name}`,
      description: connected(c.config.id) ? 'connected' : `${manager.status(c.config.id).state}: connects first`,
      id: c.config.id,
    }))
    .sort((a, b) => Number(connected(b.id)) - Number(connected(a.id)) || Number(b.id === active) - Number(a.id === active));
  if (items.length === 1 && connected(items[0].id)) return items[0].id;
  return (await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'Connection to analyse' }))?.id;
}

async function pickDb(manager: ConnectionManager, connectionId: string, cluster: boolean, configured: number): Promise<number | undefined> {
  if (cluster) return 0;
  await manager.refreshInfo(connectionId);
  const keyspace = manager.status(connectionId).info?.keyspace ?? [];
  const dbs = new Map(keyspace.map((k) => [k.db, k.keys]));
  if (!dbs.has(configured)) dbs.set(configured, 0);
  if (dbs.size === 1) return configured;
  const items = [...dbs.entries()]
    .sort(([a], [b]) => Number(b === configured) - Number(a === configured) || a - b)
    .map(([db, keys]) => ({ label: `db ${db}`, description: `${keys.toLocaleString('en-US')} keys${db === configured ? ' · configured' : ''}`, db }));
  return (await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'Database to analyse' }))?.db;
}

async function pickMode(manager: ConnectionManager, connectionId: string, db: number, sampleSize: number): Promise<HealthMode | undefined> {
  const info = manager.status(connectionId).info;
  const keys = info?.keyspace.find((k) => k.db === db)?.keys;
  const masters = info?.masters && info.masters > 1 ? ` on each of ${info.masters} masters` : '';
  const items: (vscode.QuickPickItem & { mode: HealthMode })[] = [
    {
      label: '$(zap) Sample',
      description: `up to ${sampleSize.toLocaleString('en-US')} keys${masters}`,
      detail: 'Fast; figures are estimates. SCAN returns keys in hash order, so a sample spans every namespace.',
      mode: 'sample',
    },
    {
      label: '$(search) Full scan',
      description: keys === undefined ? 'every key' : `all ${keys.toLocaleString('en-US')} keys`,
      detail: 'Exact. Reads the type, TTL and memory of every key, in batches; cancellable.',
      mode: 'full',
    },
  ];
  // A small keyspace is read whole as fast as sampled: offer the exact report first.
  if (keys !== undefined && keys <= sampleSize) items.reverse();
  return (await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'How much of the keyspace to read' }))?.mode;
}

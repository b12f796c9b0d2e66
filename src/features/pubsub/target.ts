/**
 * What "Open Pub/Sub…" works on: the connection from the command argument (a connection node
 * from the tree, anything with `connectionId`, or an id), else the one the user picks; and the
 * subscriptions to make at once (a second argument; scripts and tests use it).
 */
import * as vscode from 'vscode';
import { Commands } from '../../host/commands';
import { ConnectionManager } from '../connections/manager';

export interface InitialSubscriptions {
  channels?: string[];
  patterns?: string[];
  shardChannels?: string[];
}

/** The connection id an argument names; undefined when it names none. */
export function connectionIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.length > 0) return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { connectionId?: unknown }).connectionId === 'string') return (arg as { connectionId: string }).connectionId;
  return undefined;
}

/** The subscriptions in a second argument; throws when it is there but malformed. */
export function initialFrom(arg: unknown): InitialSubscriptions {
  if (arg === undefined || arg === null) return {};
  if (typeof arg !== 'object') throw new Error('Open Pub/Sub: the second argument must be { channels?, patterns?, shardChannels? }.');
  const o = arg as Record<string, unknown>;
  const list = (field: string): string[] | undefined => {
    const v = o[field];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s.length > 0)) throw new Error(`Open Pub/Sub: '${field}' must be a list of non-empty names.`);
    return v as string[];
  };
  return { channels: list('channels'), patterns: list('patterns'), shardChannels: list('shardChannels') };
}

/** Asks which connection to watch (connected ones first); undefined when the user backs out. */
export async function pickConnection(manager: ConnectionManager): Promise<string | undefined> {
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
  return (await vscode.window.showQuickPick(items, { title: 'Open Pub/Sub', placeHolder: 'Connection to subscribe on' }))?.id;
}

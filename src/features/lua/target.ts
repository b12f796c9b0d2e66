/**
 * Which connection a Lua file runs on: the one chosen for that file ("Redis: Choose Connection for
 * Lua", remembered per file), else the active connection, else asked for. Runs go to the
 * connection's configured database (a cluster has only db 0).
 */
import * as vscode from 'vscode';
import type { RedisClient } from '../../core/values/client';
import { Commands } from '../../host/commands';
import { ConnectionManager } from '../connections/manager';

const CHOSEN_KEY = 'redisDevkit.lua.connectionFor';

/** A connected place to run: the client for the configured db, and what to call it. */
export interface LuaTarget {
  connectionId: string;
  connectionName: string;
  db: number;
  client: RedisClient;
  readOnly: boolean;
  cluster: boolean;
}

export class LuaTargets {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The choice for some file changed (CodeLenses redraw). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly memento: vscode.Memento,
  ) {}

  private chosen(): Record<string, string> {
    return this.memento.get<Record<string, string>>(CHOSEN_KEY) ?? {};
  }

  /** The connection id a file runs on, without asking (undefined when there is none to use). */
  connectionIdFor(file: vscode.Uri): string | undefined {
    const id = this.chosen()[file.toString()];
    if (id && this.connections.store.get(id)) return id;
    const active = this.connections.activeId;
    if (active) return active;
    const all = this.connections.store.list();
    return all.length === 1 ? all[0].config.id : undefined;
  }

  /** The name to show in "Run on <name>". */
  nameFor(file: vscode.Uri): string | undefined {
    const id = this.connectionIdFor(file);
    return id ? this.connections.store.get(id)?.config.name : undefined;
  }

  /** Remembers `connectionId` for `file`. */
  async choose(file: vscode.Uri, connectionId: string): Promise<void> {
    await this.memento.update(CHOSEN_KEY, { ...this.chosen(), [file.toString()]: connectionId });
    this.changed.fire();
  }

  /** Asks which connection `file` runs on; undefined when the user backs out. */
  async ask(file: vscode.Uri): Promise<string | undefined> {
    const stored = this.connections.store.list();
    if (stored.length === 0) {
      const choice = await vscode.window.showInformationMessage('No Redis connections yet: add one to run scripts.', 'Add Connection');
      if (choice) await vscode.commands.executeCommand(Commands.addConnection);
      return undefined;
    }
    const current = this.connectionIdFor(file);
    const items = stored.map((c) => ({
      label: `$(database) ${c.config.name}`,
      description: [c.config.id === current ? 'current' : '', this.connections.status(c.config.id).state, c.config.readOnly ? 'read-only' : ''].filter(Boolean).join(' · '),
      id: c.config.id,
    }));
    const pick = await vscode.window.showQuickPick(items, { title: 'Run Lua on', placeHolder: `Connection for ${basename(file)}` });
    if (!pick) return undefined;
    await this.choose(file, pick.id);
    return pick.id;
  }

  /** Connects (when needed) and returns the target `file` runs on; undefined when the user backs out. */
  async resolve(file: vscode.Uri, connectionId?: string): Promise<LuaTarget | undefined> {
    const id = connectionId ?? this.connectionIdFor(file) ?? (await this.ask(file));
    if (!id) return undefined;
    const stored = this.connections.store.get(id);
    if (!stored) throw new Error(`No saved connection with id '${id}'.`);
    const session = this.connections.session(id) ?? (await this.connections.connect(id));
    const cluster = session.config.topology === 'cluster';
    const db = cluster ? 0 : (session.config.db ?? 0);
    const client = await session.forDb(db);
    return { connectionId: id, connectionName: stored.config.name, db, client, readOnly: stored.config.readOnly === true, cluster };
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}

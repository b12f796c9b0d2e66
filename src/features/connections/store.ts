/**
 * Saved connections: non-secret fields in the `redisDevkit.connections` setting (user or workspace
 * scope, so a team can commit theirs), secrets in SecretStorage. Nothing secret is ever written
 * to settings.json: `toSetting` drops anything that is not a known, non-secret field.
 */
import * as vscode from 'vscode';
import { ConnectionConfig, ConnectionSecrets, DEFAULT_PORT } from '../../core/connection/config';
import { SecretStore } from '../../host/secrets';

export type ConnectionScope = 'user' | 'workspace';

export interface StoredConnection {
  config: ConnectionConfig;
  scope: ConnectionScope;
}

const SECTION = 'redisDevkit';
const KEY = 'connections';

export class ConnectionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(readonly secrets: SecretStore) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${KEY}`)) this.changed.fire();
    });
  }

  list(): StoredConnection[] {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>(KEY);
    const user = (inspected?.globalValue ?? []).map((raw) => normalize(raw, 'user'));
    // Workspace settings of an untrusted folder could point us at any host: ignore them there.
    const workspaceRaw = vscode.workspace.isTrusted ? (inspected?.workspaceValue ?? []) : [];
    const workspace = workspaceRaw.map((raw) => normalize(raw, 'workspace'));
    const seen = new Set<string>();
    return [...workspace, ...user].filter((c): c is StoredConnection => {
      if (!c || seen.has(c.config.id)) return false;
      seen.add(c.config.id);
      return true;
    });
  }

  get(id: string): StoredConnection | undefined {
    return this.list().find((c) => c.config.id === id);
  }

  async add(config: ConnectionConfig, secrets: ConnectionSecrets, scope: ConnectionScope): Promise<void> {
    await this.secrets.set(config.id, secrets);
    const entries = this.raw(scope);
    entries.push(toSetting(config));
    await this.write(scope, entries);
  }

  /**
   * Replaces a saved connection in its own scope. Secrets given replace the stored ones field by
   * field; fields left undefined (or `secrets` undefined) keep what is stored.
   */
  async update(config: ConnectionConfig, secrets: ConnectionSecrets | undefined): Promise<void> {
    const stored = this.get(config.id);
    if (!stored) throw new Error(`Connection '${config.name}' is no longer in the settings.`);
    if (secrets) {
      const given = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== undefined));
      await this.secrets.set(config.id, { ...(await this.secrets.get(config.id)), ...given });
    }
    const entries = this.raw(stored.scope).map((raw) => (idOf(raw, stored.scope) === config.id ? toSetting(config) : raw));
    await this.write(stored.scope, entries);
  }

  async remove(id: string): Promise<void> {
    const stored = this.get(id);
    if (!stored) return;
    await this.write(stored.scope, this.raw(stored.scope).filter((raw) => idOf(raw, stored.scope) !== id));
    await this.secrets.delete(id);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private raw(scope: ConnectionScope): unknown[] {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>(KEY);
    return [...((scope === 'user' ? inspected?.globalValue : inspected?.workspaceValue) ?? [])];
  }

  private write(scope: ConnectionScope, entries: unknown[]): Thenable<void> {
    const target = scope === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
    return vscode.workspace.getConfiguration(SECTION).update(KEY, entries.length ? entries : undefined, target);
  }
}

function idOf(raw: unknown, scope: ConnectionScope): string | undefined {
  const r = raw as { id?: unknown; name?: unknown };
  if (typeof r?.id === 'string' && r.id) return r.id;
  return typeof r?.name === 'string' ? `${scope}:${r.name}` : undefined;
}

/** Reads one settings entry leniently (hand-written workspace entries may omit id, topology, port). */
function normalize(raw: unknown, scope: ConnectionScope): StoredConnection | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Partial<ConnectionConfig>;
  const id = idOf(raw, scope);
  if (!id) return undefined;
  const config: ConnectionConfig = {
    ...r,
    id,
    name: typeof r.name === 'string' && r.name ? r.name : `${r.host ?? 'localhost'}:${r.port ?? DEFAULT_PORT}`,
    topology: r.topology ?? 'standalone',
    host: r.host ?? '127.0.0.1',
    port: typeof r.port === 'number' ? r.port : DEFAULT_PORT,
  };
  return { config, scope };
}

const SETTING_FIELDS: (keyof ConnectionConfig)[] = [
  'id', 'name', 'topology', 'host', 'port', 'nodes', 'sentinelMasterName', 'sentinelUsername', 'username', 'db', 'tls', 'readOnly',
];

/** The settings.json form of a config: known non-secret fields only, defaults left out. */
export function toSetting(config: ConnectionConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) {
    const value = config[field];
    if (value === undefined || value === '' || value === false) continue;
    if (field === 'tls') {
      const t = config.tls ?? {};
      out.tls = { caFile: t.caFile, certFile: t.certFile, keyFile: t.keyFile, servername: t.servername, verify: t.verify };
      continue;
    }
    out[field] = value;
  }
  if (config.topology !== 'standalone') {
    delete out.host;
    delete out.port;
  }
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

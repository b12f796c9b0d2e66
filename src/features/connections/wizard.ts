/**
 * "Add Connection" / "Edit Connection": paste a URL, or walk name -> topology -> address(es) ->
 * user -> password -> db -> TLS -> options. Secrets collected here go to SecretStorage only.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import {
  ConnectionConfig,
  ConnectionSecrets,
  DEFAULT_PORT,
  DEFAULT_SENTINEL_PORT,
  Topology,
  formatNodes,
  parseHostList,
  parseHostPort,
} from '../../core/connection/config';
import { UrlError, parseRedisUrl } from '../../core/connection/url';
import { MultiStepInput, Step } from '../../host/multiStepInput';
import { ConnectionScope } from './store';

export interface WizardResult {
  config: ConnectionConfig;
  /** undefined: keep the stored secrets (edit without typing a new password). */
  secrets: ConnectionSecrets | undefined;
  scope: ConnectionScope;
}

type TlsMode = 'off' | 'verify' | 'noverify';

interface Draft {
  config: ConnectionConfig;
  password?: string;
  sentinelPassword?: string;
  tlsKeyPassphrase?: string;
  tlsMode: TlsMode;
  scope: ConnectionScope;
  fromUrl: boolean;
  editing: boolean;
}

/** Runs the wizard; resolves undefined when the user cancels. */
export async function runConnectionWizard(existing?: { config: ConnectionConfig; scope: ConnectionScope }): Promise<WizardResult | undefined> {
  const config: ConnectionConfig = existing
    ? structuredClone(existing.config)
    : { id: randomUUID(), name: '', topology: 'standalone', host: '127.0.0.1', port: DEFAULT_PORT };
  const draft: Draft = {
    config,
    tlsMode: !config.tls ? 'off' : config.tls.verify === false ? 'noverify' : 'verify',
    scope: existing?.scope ?? 'user',
    fromUrl: false,
    editing: !!existing,
  };
  const title = existing ? `Edit Redis Connection: ${existing.config.name}` : 'Add Redis Connection';
  const done = await MultiStepInput.run(existing ? (i) => askName(i, draft, title) : (i) => askUrl(i, draft, title));
  if (!done) return undefined;
  const typed = [draft.password, draft.sentinelPassword, draft.tlsKeyPassphrase].some((v) => v !== undefined);
  const secrets: ConnectionSecrets | undefined = !typed
    ? draft.editing
      ? undefined
      : {}
    : {
        password: draft.password || undefined,
        sentinelPassword: draft.sentinelPassword || undefined,
        tlsKeyPassphrase: draft.tlsKeyPassphrase || undefined,
      };
  return { config: draft.config, secrets, scope: draft.scope };
}

function totalSteps(d: Draft): number {
  if (d.fromUrl) return 3;
  const addressSteps = d.config.topology === 'sentinel' ? 3 : 1;
  const dbStep = d.config.topology === 'cluster' ? 0 : 1;
  const tlsSteps = d.tlsMode === 'off' ? 1 : d.config.tls?.keyFile ? 6 : 5;
  return (d.editing ? 0 : 1) + 2 + addressSteps + 2 + dbStep + tlsSteps + 1;
}

async function askUrl(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  const value = await input.showInput({
    title,
    totalSteps: totalSteps(d),
    value: '',
    prompt: 'Paste a redis:// or rediss:// URL, or press Enter to fill in the details step by step',
    placeholder: 'redis://user:password@host:6379/0   (Enter: step by step)',
    validate: (v) => {
      if (!v.trim()) return undefined;
      try {
        parseRedisUrl(v);
        return undefined;
      } catch (e) {
        return e instanceof UrlError ? `Invalid URL (${e.part}): ${e.message}` : String(e);
      }
    },
  });
  d.fromUrl = value.trim() !== '';
  if (d.fromUrl) {
    const parsed = parseRedisUrl(value);
    d.config = { ...parsed.config, id: d.config.id };
    d.password = parsed.secrets.password;
    d.tlsMode = !d.config.tls ? 'off' : d.config.tls.verify === false ? 'noverify' : 'verify';
  }
  return (i) => askName(i, d, title);
}

async function askName(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  d.config.name = (
    await input.showInput({
      title,
      totalSteps: totalSteps(d),
      value: d.config.name || (d.fromUrl ? '' : 'localhost'),
      prompt: 'Connection name, as shown in the tree',
      validate: (v) => (v.trim() ? undefined : 'Enter a name'),
    })
  ).trim();
  return d.fromUrl ? (i) => askOptions(i, d, title) : (i) => askTopology(i, d, title);
}

async function askTopology(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  const items: (vscode.QuickPickItem & { topology: Topology })[] = [
    { label: 'Standalone', description: 'one server (or a replica)', topology: 'standalone' },
    { label: 'Cluster', description: 'seed nodes of a Redis Cluster', topology: 'cluster' },
    { label: 'Sentinel', description: 'sentinels and the name of the master they monitor', topology: 'sentinel' },
  ];
  const [picked] = await input.showPick({
    title,
    totalSteps: totalSteps(d),
    items,
    placeholder: 'How is the server deployed?',
    active: items.find((i) => i.topology === d.config.topology),
  });
  if (picked.topology !== d.config.topology) {
    if (picked.topology !== 'standalone' && !d.config.nodes?.length) {
      const port = picked.topology === 'sentinel' ? DEFAULT_SENTINEL_PORT : d.config.port;
      d.config.nodes = [{ host: d.config.host || '127.0.0.1', port }];
    }
    d.config.topology = picked.topology;
  }
  return (i) => askAddress(i, d, title);
}

async function askAddress(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  const c = d.config;
  if (c.topology === 'standalone') {
    const value = await input.showInput({
      title,
      totalSteps: totalSteps(d),
      value: `${c.host}:${c.port}`,
      prompt: 'Host and port',
      validate: (v) => tryParse(() => parseHostPort(v.trim(), DEFAULT_PORT)),
    });
    const hp = parseHostPort(value.trim(), DEFAULT_PORT);
    c.host = hp.host;
    c.port = hp.port;
    delete c.nodes;
    return (i) => askUsername(i, d, title);
  }
  const isCluster = c.topology === 'cluster';
  const defaultPort = isCluster ? DEFAULT_PORT : DEFAULT_SENTINEL_PORT;
  const value = await input.showInput({
    title,
    totalSteps: totalSteps(d),
    value: formatNodes(c.nodes ?? []),
    prompt: isCluster ? 'Seed nodes: host:port, comma-separated (one reachable master is enough)' : 'Sentinel addresses: host:port, comma-separated',
    validate: (v) => tryParse(() => parseHostList(v, defaultPort)),
  });
  c.nodes = parseHostList(value, defaultPort);
  if (isCluster) {
    delete c.db;
    return (i) => askUsername(i, d, title);
  }
  return (i) => askMasterName(i, d, title);
}

async function askMasterName(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  d.config.sentinelMasterName = (
    await input.showInput({
      title,
      totalSteps: totalSteps(d),
      value: d.config.sentinelMasterName ?? 'mymaster',
      prompt: 'Name of the master the sentinels monitor',
      validate: (v) => (v.trim() ? undefined : 'Enter the master name'),
    })
  ).trim();
  return (i) => askSentinelPassword(i, d, title);
}

async function askSentinelPassword(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  d.sentinelPassword = await askSecret(input, d, title, 'Sentinel password (Enter keeps the saved one, if any)', 'Sentinel password (leave empty if the sentinels need none)');
  return (i) => askUsername(i, d, title);
}

async function askUsername(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  const value = await input.showInput({
    title,
    totalSteps: totalSteps(d),
    value: d.config.username ?? '',
    prompt: 'ACL username (leave empty for the default user)',
  });
  d.config.username = value.trim() || undefined;
  return (i) => askPassword(i, d, title);
}

async function askPassword(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  d.password = await askSecret(input, d, title, 'Password (Enter keeps the saved one; it is kept in the OS keychain, never in settings)', 'Password (leave empty if none; kept in the OS keychain, never in settings)');
  return d.config.topology === 'cluster' ? (i) => askTls(i, d, title) : (i) => askDb(i, d, title);
}

async function askDb(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  const value = await input.showInput({
    title,
    totalSteps: totalSteps(d),
    value: String(d.config.db ?? 0),
    prompt: 'Database number',
    validate: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'Enter a whole number, such as 0'),
  });
  const db = Number(value.trim());
  d.config.db = db || undefined;
  return (i) => askTls(i, d, title);
}

async function askTls(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  const items: (vscode.QuickPickItem & { mode: TlsMode })[] = [
    { label: 'No TLS', mode: 'off' },
    { label: 'TLS', description: 'verify the server certificate', mode: 'verify' },
    { label: 'TLS without verification', description: 'only for test servers you trust', mode: 'noverify' },
  ];
  const [picked] = await input.showPick({ title, totalSteps: totalSteps(d), items, placeholder: 'Transport security', active: items.find((i) => i.mode === d.tlsMode) });
  d.tlsMode = picked.mode;
  if (picked.mode === 'off') {
    delete d.config.tls;
    return (i) => askOptions(i, d, title);
  }
  d.config.tls = { ...d.config.tls, verify: picked.mode === 'verify' ? undefined : false };
  return (i) => askTlsFile(i, d, title, 'caFile');
}

const TLS_FILE_PROMPTS = {
  caFile: 'CA certificate file (PEM); leave empty to use the system CAs',
  certFile: 'Client certificate file (PEM) for mutual TLS; leave empty for none',
  keyFile: 'Client key file (PEM); leave empty for none',
} as const;
const NEXT_TLS_FILE = { caFile: 'certFile', certFile: 'keyFile', keyFile: undefined } as const;

async function askTlsFile(input: MultiStepInput, d: Draft, title: string, field: keyof typeof TLS_FILE_PROMPTS): Promise<Step | undefined> {
  const tls = d.config.tls ?? {};
  const value = await input.showInput({
    title,
    totalSteps: totalSteps(d),
    value: tls[field] ?? '',
    prompt: TLS_FILE_PROMPTS[field],
    validate: (v) => (v.trim() && !existsSync(expandHome(v.trim())) ? `No file at ${v.trim()}` : undefined),
  });
  tls[field] = value.trim() ? expandHome(value.trim()) : undefined;
  d.config.tls = tls;
  const next = NEXT_TLS_FILE[field];
  if (next) return (i) => askTlsFile(i, d, title, next);
  return tls.keyFile ? (i) => askKeyPassphrase(i, d, title) : (i) => askServername(i, d, title);
}

async function askKeyPassphrase(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  d.tlsKeyPassphrase = await askSecret(input, d, title, 'Passphrase of the client key (Enter keeps the saved one, if any)', 'Passphrase of the client key (leave empty if it has none)');
  return (i) => askServername(i, d, title);
}

async function askServername(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  const tls = d.config.tls ?? {};
  const value = await input.showInput({
    title,
    totalSteps: totalSteps(d),
    value: tls.servername ?? '',
    prompt: 'Server name for SNI and certificate checks (leave empty to use the host)',
  });
  tls.servername = value.trim() || undefined;
  return (i) => askOptions(i, d, title);
}

async function askOptions(input: MultiStepInput, d: Draft, title: string): Promise<Step | undefined> {
  type Option = vscode.QuickPickItem & { option: 'readOnly' | 'workspace' };
  const items: Option[] = [
    { label: 'Read-only', description: 'refuse every write command before it is sent', option: 'readOnly' },
  ];
  const canUseWorkspace = !!vscode.workspace.workspaceFolders?.length && !d.editing;
  if (canUseWorkspace) {
    items.push({ label: 'Save in workspace settings', description: 'share with the team; the password stays in your keychain', option: 'workspace' });
  }
  const selected = items.filter((i) => (i.option === 'readOnly' ? d.config.readOnly : d.scope === 'workspace'));
  const picked = await input.showPick({
    title,
    totalSteps: totalSteps(d),
    items,
    canPickMany: true,
    selected,
    placeholder: 'Options (Space toggles, Enter saves)',
  });
  d.config.readOnly = picked.some((p) => p.option === 'readOnly') || undefined;
  if (canUseWorkspace) d.scope = picked.some((p) => p.option === 'workspace') ? 'workspace' : 'user';
  return undefined;
}

/**
 * A password-style step. Adding: empty means "none" (''). Editing: empty means "keep the saved
 * one" (undefined), since the saved value is never shown.
 */
async function askSecret(input: MultiStepInput, d: Draft, title: string, editPrompt: string, addPrompt: string): Promise<string | undefined> {
  const value = await input.showInput({ title, totalSteps: totalSteps(d), value: '', password: true, prompt: d.editing ? editPrompt : addPrompt });
  return value || (d.editing ? undefined : '');
}

function tryParse(parse: () => unknown): string | undefined {
  try {
    parse();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function expandHome(path: string): string {
  return path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
}

/** The connection commands: add, edit, remove, connect, disconnect, test, copy URL, switch. */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ConnectionConfig, DEFAULT_PORT } from '../../core/connection/config';
import { formatRedisUrl, parseRedisUrl } from '../../core/connection/url';
import { Commands, registerCommand } from '../../host/commands';
import { reportError } from '../../host/errors';
import { describeMode } from './tooltip';
import { ConnectionManager } from './manager';
import { ConnectionScope } from './store';
import { ConnectionNode } from './tree';
import { runConnectionWizard } from './wizard';

/** What a command may be invoked with: a tree node, a connection id, or nothing (then we ask). */
type Target = ConnectionNode | string | undefined;

/** Non-interactive "add" (for scripts and tests): a URL plus optional name and scope. */
export interface AddConnectionArgs {
  url: string;
  name?: string;
  scope?: ConnectionScope;
  connect?: boolean;
}

export function registerConnectionCommands(manager: ConnectionManager, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const store = manager.store;

  const pick = async (target: Target, placeHolder: string): Promise<string | undefined> => {
    if (typeof target === 'string') return target;
    if (target?.kind === 'connection') return target.connectionId;
    const items = store.list().map((c) => ({ label: c.config.name, description: manager.status(c.config.id).state, id: c.config.id }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage('No Redis connections yet.', 'Add Connection').then((c) => c && vscode.commands.executeCommand(Commands.addConnection));
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { placeHolder }))?.id;
  };

  /** The saved connection a command acts on (asking when it was not given); undefined if none. */
  const pickStored = async (target: Target, placeHolder: string) => {
    const id = await pick(target, placeHolder);
    return id ? store.get(id) : undefined;
  };

  const connect = async (id: string): Promise<boolean> => {
    const name = store.get(id)?.config.name ?? id;
    try {
      await vscode.window.withProgress({ location: { viewId: 'redisDevkit.connections' }, title: `Connecting to ${name}` }, () => manager.connect(id));
      if (!manager.activeId || manager.status(manager.activeId).state !== 'connected') await manager.setActive(id);
      return true;
    } catch (err) {
      void reportError(err, log, `connect ${name}`);
      return false;
    }
  };

  const add = async (args?: AddConnectionArgs): Promise<string | undefined> => {
    let config: ConnectionConfig;
    let secrets;
    let scope: ConnectionScope;
    if (args?.url) {
      const parsed = parseRedisUrl(args.url);
      config = { ...parsed.config, id: randomUUID(), name: args.name ?? parsed.config.name };
      secrets = parsed.secrets;
      scope = args.scope ?? 'user';
    } else {
      const result = await runConnectionWizard();
      if (!result) return undefined;
      ({ config, scope } = result);
      secrets = result.secrets ?? {};
    }
    await store.add(config, secrets, scope);
    log.info(`added connection '${config.name}' (${formatRedisUrl(config)}) to ${scope} settings`);
    if (args?.connect !== false) void connect(config.id);
    return config.id;
  };

  return [
    registerCommand(Commands.addConnection, add, log),
    registerCommand(
      Commands.addLocalhost,
      () => add({ url: `redis://127.0.0.1:${DEFAULT_PORT}`, name: 'localhost' }),
      log,
    ),
    registerCommand(
      Commands.editConnection,
      async (target: Target) => {
        const stored = await pickStored(target, 'Connection to edit');
        if (!stored) return;
        const id = stored.config.id;
        const result = await runConnectionWizard(stored);
        if (!result) return;
        await store.update(result.config, result.secrets);
        if (manager.session(id)) {
          await manager.disconnect(id);
          await connect(id);
        }
      },
      log,
    ),
    registerCommand(
      Commands.removeConnection,
      async (target: Target, options?: { confirm?: boolean }) => {
        const stored = await pickStored(target, 'Connection to remove');
        if (!stored) return false;
        const id = stored.config.id;
        if (options?.confirm !== false) {
          const answer = await vscode.window.showWarningMessage(
            `Remove the connection '${stored.config.name}'?`,
            { modal: true, detail: `It is deleted from your ${stored.scope} settings, and its saved password from the keychain. No data on the server is touched.` },
            'Remove',
          );
          if (answer !== 'Remove') return false;
        }
        await manager.disconnect(id);
        await store.remove(id);
        if (manager.activeId === undefined) await manager.setActive(undefined);
        await manager.prune();
        return true;
      },
      log,
    ),
    registerCommand(
      Commands.connect,
      async (target: Target) => {
        const id = await pick(target, 'Connection to open');
        return id ? connect(id) : false;
      },
      log,
    ),
    registerCommand(
      Commands.disconnect,
      async (target: Target) => {
        const id = await pick(target, 'Connection to close');
        if (id) await manager.disconnect(id);
      },
      log,
    ),
    registerCommand(
      Commands.testConnection,
      async (target: Target) => {
        const stored = await pickStored(target, 'Connection to test');
        if (!stored) return undefined;
        const info = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Testing ${stored.config.name}…` },
          () => manager.test(stored.config),
        );
        const parts = [info.version ? `Redis ${info.version}` : undefined, describeMode(info), info.role, info.limitedBy].filter(Boolean);
        void vscode.window.showInformationMessage(`${stored.config.name} answered: ${parts.join(', ')}.`);
        return info;
      },
      log,
    ),
    registerCommand(
      Commands.copyUrl,
      async (target: Target) => {
        const stored = await pickStored(target, 'Connection whose URL to copy');
        if (!stored) return undefined;
        const url = formatRedisUrl(stored.config);
        await vscode.env.clipboard.writeText(url);
        void vscode.window.setStatusBarMessage(`Copied ${url} (without password)`, 4000);
        return url;
      },
      log,
    ),
    registerCommand(
      Commands.switchConnection,
      async () => {
        const items: (vscode.QuickPickItem & { id?: string })[] = store.list().map((c) => ({
          label: `$(database) ${c.config.name}`,
          description: [manager.status(c.config.id).state, manager.activeId === c.config.id ? 'active' : ''].filter(Boolean).join(' · '),
          id: c.config.id,
        }));
        items.push({ label: '$(add) Add Connection…' });
        const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Switch the active Redis connection' });
        if (!picked) return;
        if (!picked.id) return vscode.commands.executeCommand(Commands.addConnection);
        await manager.setActive(picked.id);
        if (manager.status(picked.id).state !== 'connected') await connect(picked.id);
      },
      log,
    ),
    registerCommand(
      Commands.refreshConnections,
      async () => {
        await Promise.all(store.list().map((c) => manager.refreshInfo(c.config.id)));
        await manager.prune();
      },
      log,
    ),
  ];
}

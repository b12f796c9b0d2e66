import * as vscode from 'vscode';
import { register as registerConnections } from './features/connections';
import { KeyEditorApi, register as registerKeyEditor } from './features/keyEditor';
import { register as registerKeyBrowser } from './features/keyBrowser';
import { register as registerHealth } from './features/health';
import { LuaApi, register as registerLua } from './features/lua';
import { StreamViewerApi, register as registerStreams } from './features/streams';
import { PubSubApi, register as registerPubSub } from './features/pubsub';
import { namespacesMissingTtl } from './core/keyspace/health';
import { KeyBrowser } from './features/keyBrowser/keyBrowser';
import { ConnectionManager } from './features/connections/manager';
import { ConnectionStore } from './features/connections/store';
import { Commands, registerCommand } from './host/commands';
import { createLog } from './host/log';
import { SecretStore } from './host/secrets';

/** What activate() returns: the live services, for other extensions and the integration tests. */
export interface RedisDevkitApi {
  connections: ConnectionManager;
  tree: vscode.TreeDataProvider<unknown>;
  keys: KeyBrowser;
  /** The open key editor panels. */
  keyEditor: KeyEditorApi;
  /** The Lua runner: runs, history, diagnostics, the Functions tree. */
  lua: LuaApi;
  /** The open stream viewers. */
  streams: StreamViewerApi;
  /** The open pub/sub viewers. */
  pubsub: PubSubApi;
  /** Where VS Code keeps this extension's global state (its parent's parent holds settings.json). */
  globalStorageUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): RedisDevkitApi {
  const { channel: log, logger } = createLog();
  const store = new ConnectionStore(new SecretStore(context.secrets));
  const connections = new ConnectionManager(store, logger, context.workspaceState);
  context.subscriptions.push(log, store, connections, registerCommand(Commands.showLog, () => log.show(), log));

  const ctx = { extension: context, subscriptions: context.subscriptions, log, logger, connections };
  const { tree, view } = registerConnections(ctx);
  const keys = registerKeyBrowser(ctx, tree, view);
  const keyEditor = registerKeyEditor(ctx);
  registerHealth(ctx, (target, report) => keys.setTtlWarnings(target.connectionId, target.db, namespacesMissingTtl(report)));
  const lua = registerLua(ctx, tree);
  const streams = registerStreams(ctx);
  const pubsub = registerPubSub(ctx);
  connections.restore();
  logger.info(`Redis DevKit ${String(context.extension.packageJSON.version)} activated (${vscode.env.appName}, remote: ${vscode.env.remoteName ?? 'none'})`);
  return { connections, tree, keys, keyEditor, lua, streams, pubsub, globalStorageUri: context.globalStorageUri };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

import * as vscode from 'vscode';
import { reportError } from './errors';

/** Every command id the extension contributes; package.json must list exactly these (a test checks). */
export const Commands = {
  addConnection: 'redisDevkit.connections.add',
  addLocalhost: 'redisDevkit.connections.addLocalhost',
  editConnection: 'redisDevkit.connections.edit',
  removeConnection: 'redisDevkit.connections.remove',
  connect: 'redisDevkit.connections.connect',
  disconnect: 'redisDevkit.connections.disconnect',
  testConnection: 'redisDevkit.connections.test',
  copyUrl: 'redisDevkit.connections.copyUrl',
  switchConnection: 'redisDevkit.connections.switch',
  refreshConnections: 'redisDevkit.connections.refresh',
  showLog: 'redisDevkit.log.show',
  openKey: 'redisDevkit.keys.open',
  loadMoreKeys: 'redisDevkit.keys.loadMore',
  scanAllKeys: 'redisDevkit.keys.scanAll',
  filterKeys: 'redisDevkit.keys.filter',
  clearKeyFilter: 'redisDevkit.keys.clearFilter',
  refreshKeys: 'redisDevkit.keys.refresh',
  copyKeyName: 'redisDevkit.keys.copyName',
  renameKey: 'redisDevkit.keys.rename',
  setKeyTtl: 'redisDevkit.keys.setTtl',
  persistKey: 'redisDevkit.keys.persist',
  deleteKeys: 'redisDevkit.keys.delete',
  duplicateKey: 'redisDevkit.keys.duplicate',
  createKey: 'redisDevkit.keys.create',
  deleteFolder: 'redisDevkit.keys.deleteFolder',
  setFolderTtl: 'redisDevkit.keys.setFolderTtl',
  healthReport: 'redisDevkit.keys.healthReport',
  exportHealthReport: 'redisDevkit.keys.exportHealthReport',
  runLua: 'redisDevkit.lua.run',
  runLuaReadOnly: 'redisDevkit.lua.runReadOnly',
  chooseLuaConnection: 'redisDevkit.lua.chooseConnection',
  loadLuaLibrary: 'redisDevkit.lua.loadLibrary',
  callLuaFunction: 'redisDevkit.lua.callFunction',
  killLuaScript: 'redisDevkit.lua.killScript',
  showLuaResults: 'redisDevkit.lua.showResults',
  setUpLuaLanguageServer: 'redisDevkit.lua.setUpLanguageServer',
  refreshFunctions: 'redisDevkit.functions.refresh',
  loadFunctionsFromFile: 'redisDevkit.functions.loadFromFile',
  deleteFunctionLibrary: 'redisDevkit.functions.deleteLibrary',
  callFunctionFromTree: 'redisDevkit.functions.call',
  openStream: 'redisDevkit.streams.open',
  openPubSub: 'redisDevkit.pubsub.open',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/**
 * Registers a command whose failures reach the user as a named error with "Show Log", never as
 * a silent rejection. The handler's return value is passed through (tests and other commands use it).
 */
export function registerCommand<A extends unknown[], R>(
  id: CommandId,
  handler: (...args: A) => R | Promise<R>,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...(args as A));
    } catch (err) {
      void reportError(err, log, id);
      return undefined;
    }
  });
}

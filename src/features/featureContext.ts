import * as vscode from 'vscode';
import { Logger } from '../core/log';
import { ConnectionManager } from './connections/manager';

/** What every feature's register() receives: shared services and the extension-lifetime scope. */
export interface FeatureContext {
  extension: vscode.ExtensionContext;
  subscriptions: vscode.Disposable[];
  log: vscode.LogOutputChannel;
  logger: Logger;
  connections: ConnectionManager;
}

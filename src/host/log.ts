import * as vscode from 'vscode';
import { Logger } from '../core/log';

/** The extension's log: a LogOutputChannel ("Redis DevKit") that core code writes to as a Logger. */
export function createLog(): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel('Redis DevKit', { log: true });
  const logger: Logger = {
    trace: (m) => channel.trace(m),
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
  return { channel, logger };
}

import * as vscode from 'vscode';
import { ConnectionError } from '../core/connection/errors';

const SHOW_LOG = 'Show Log';

/**
 * Tells the user what went wrong: the error's own message (core errors name their cause), with a
 * "Show Log" action; the details go to the log channel.
 */
export async function reportError(err: unknown, log: vscode.LogOutputChannel, context?: string): Promise<void> {
  const message = errorMessage(err);
  const detail = err instanceof ConnectionError && err.detail ? ` (${err.detail})` : '';
  log.error(`${context ? `${context}: ` : ''}${message}${detail}`);
  if (err instanceof Error && err.stack && !(err instanceof ConnectionError)) log.debug(err.stack);
  const choice = await vscode.window.showErrorMessage(message, SHOW_LOG);
  if (choice === SHOW_LOG) log.show(true);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

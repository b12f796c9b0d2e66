/**
 * Shared plumbing for key and folder actions: refuse early on read-only connections (the core
 * guard would refuse anyway, but only after the user answered our questions), confirm with a modal
 * that names what will happen, and resolve the client for a node's database.
 */
import * as vscode from 'vscode';
import { parseTtl } from '../../core/keyspace/format';
import { ReadOnlyError } from '../../core/connection/errors';
import { displayKey } from '../../core/keyspace/keyName';
import { KeyBrowser } from './keyBrowser';
import { BrowserNode, KeyNode } from './nodes';

export function assertWritable(browser: KeyBrowser, connectionId: string, command: string): void {
  const config = browser.connections.store.get(connectionId)?.config;
  if (config?.readOnly) throw new ReadOnlyError(config.name, command);
}

/** A modal confirmation; true only when the user picked `action`. */
export async function confirm(message: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

/** The nodes a command acts on: the clicked one plus a multi-selection, or the view's selection. */
export function targets<T extends BrowserNode['kind']>(
  kind: T,
  clicked: unknown,
  selected: unknown,
  view: vscode.TreeView<unknown>,
): Extract<BrowserNode, { kind: T }>[] {
  const pool = Array.isArray(selected) && selected.length ? selected : clicked ? [clicked] : [...view.selection];
  return pool.filter((n): n is Extract<BrowserNode, { kind: T }> => !!n && typeof n === 'object' && (n as BrowserNode).kind === kind);
}

export function nameOf(node: KeyNode): string {
  return displayKey(node.key);
}

export async function clientOf(browser: KeyBrowser, node: { connectionId: string; db: number }) {
  return (await browser.browser(node.connectionId, node.db)).client;
}

/** Asks for a TTL ("90", "15m", "2h", "1d"); resolves the seconds, or undefined when cancelled. */
export async function askTtl(title: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: 'Time to live: seconds, or like 15m, 2h, 1d',
    validateInput: (v) => ((parseTtl(v) ?? 0) > 0 ? undefined : 'Enter a positive duration, e.g. 90, 15m, 2h or 1d'),
  });
  return text === undefined ? undefined : parseTtl(text);
}

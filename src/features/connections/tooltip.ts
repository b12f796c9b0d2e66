import * as vscode from 'vscode';
import { ConnectionConfig, describeTarget } from '../../core/connection/config';
import { ServerInfo } from '../../core/connection/serverInfo';
import { ConnectionStatus } from './manager';
import { ConnectionScope } from './store';

/**
 * Tooltip for a connection node. Every value goes through appendText (escaped), since names and
 * server replies are untrusted text, never markup.
 */
export function connectionTooltip(config: ConnectionConfig, scope: ConnectionScope, status: ConnectionStatus): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  const line = (label: string, value: string) => {
    md.appendMarkdown(`**${label}:** `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  };
  md.appendMarkdown('**');
  md.appendText(config.name);
  md.appendMarkdown('**  \n');
  line('Target', describeTarget(config));
  if (config.username) line('User', config.username);
  if (config.tls) line('TLS', config.tls.verify === false ? 'on, certificate not verified' : 'on');
  line('State', status.state);
  if (status.error) line(status.state === 'failed' ? 'Error' : 'Last error', status.error);
  if (status.info) appendInfo(status.info, line);
  if (config.readOnly) line('Access', 'read-only (writes are refused before they are sent)');
  line('Saved in', scope === 'user' ? 'user settings' : 'workspace settings');
  return md;
}

function appendInfo(info: ServerInfo, line: (label: string, value: string) => void): void {
  if (info.version) line('Server', `Redis ${info.version}`);
  line('Mode', describeMode(info));
  if (info.role) line('Role', info.role);
  if (info.usedMemoryHuman) line('Used memory', info.usedMemoryHuman);
  if (info.keyspace.length) line('Keys', info.keyspace.map((k) => `db${k.db}: ${k.keys.toLocaleString('en-US')}`).join(', '));
  else if (!info.limitedBy) line('Keys', 'none');
  if (info.limitedBy) line('Note', info.limitedBy);
}

export function describeMode(info: ServerInfo): string {
  if (info.mode === 'cluster') return `cluster with ${info.masters ?? '?'} masters`;
  if (info.mode === 'sentinel') {
    const m = info.sentinelMaster;
    return m ? `sentinel master '${m.name}' at ${m.host}:${m.port}` : 'sentinel';
  }
  return 'standalone';
}

import * as vscode from 'vscode';

/** Typed reads of the extension's settings; core code receives these plain values. */
export const Settings = {
  connectTimeoutMs(): number {
    const seconds = vscode.workspace.getConfiguration('redisDevkit.connection').get<number>('connectTimeoutSeconds', 5);
    return Math.max(0.5, Number.isFinite(seconds) ? seconds : 5) * 1000;
  },
};

import * as vscode from 'vscode';
import { DbBrowserOptions } from '../../core/keyspace/dbBrowser';
import { DEFAULT_INDEX_OPTIONS } from '../../core/keyspace/namespaceIndex';

/** Typed reads of `redisDevkit.keyBrowser.*`, as the plain options core expects. */
export const KeyBrowserSettings = {
  read(): Omit<DbBrowserOptions, 'filter'> {
    const c = vscode.workspace.getConfiguration('redisDevkit.keyBrowser');
    const delimiters = c.get<string[]>('delimiters', [':']).filter((d) => typeof d === 'string' && d.length > 0);
    const scanCount = clamp(c.get<number>('scanCount', 1000), 10, 100_000);
    return {
      scanCount,
      pageSize: clamp(c.get<number>('pageSize', 1000), 10, 100_000),
      showLimit: clamp(c.get<number>('folderPageSize', 500), 10, 10_000),
      index: { ...DEFAULT_INDEX_OPTIONS, delimiters: delimiters.length ? delimiters : [':'], maxKeys: clamp(c.get<number>('maxKeysInMemory', 200_000), 1000, 5_000_000) },
    };
  },
};

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(n) ? Math.floor(n) : min));
}

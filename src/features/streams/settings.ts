/** The stream viewer's settings, read when used (a change applies to the next page or tail). */
import * as vscode from 'vscode';

function clamp(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

export const StreamSettings = {
  /** Entries per XRANGE/XREVRANGE page. */
  pageSize(): number {
    return clamp(vscode.workspace.getConfiguration('redisDevkit.streams').get<number>('pageSize'), 10, 10_000, 100);
  },
  /** XREAD BLOCK timeout of the live tail. */
  tailBlockMs(): number {
    return clamp(vscode.workspace.getConfiguration('redisDevkit.streams').get<number>('tailBlockMs'), 100, 30_000, 2000);
  },
};

/**
 * Folder actions on everything under a prefix: delete (UNLINK) and set TTL (EXPIRE). Both count
 * first (SCAN MATCH <prefix>*, under progress with Cancel), say how many keys and ask, then work
 * in batches under progress with a Cancel that stops between batches, and report what was done.
 */
import type { Cluster, Redis } from 'ioredis';
import * as vscode from 'vscode';
import { formatTtl } from '../../core/keyspace/format';
import { displayKey, escapeGlob } from '../../core/keyspace/keyName';
import { ScanCancelled, scanAll } from '../../core/keyspace/scan';
import { Commands, registerCommand } from '../../host/commands';
import { KeyBrowser } from './keyBrowser';
import { FolderNode } from './nodes';
import { askTtl, assertWritable, clientOf, confirm, targets } from './writes';

const BATCH = 500;

export function registerFolderCommands(browser: KeyBrowser, view: vscode.TreeView<unknown>, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const folderOf = (clicked: unknown): FolderNode => {
    const [node] = targets('folder', clicked, undefined, view);
    if (!node) throw new Error('Select a folder in the Redis view first.');
    return node;
  };

  return [
    registerCommand(
      Commands.deleteFolder,
      async (clicked: unknown, options?: { confirm?: boolean }) => {
        const node = folderOf(clicked);
        assertWritable(browser, node.connectionId, 'unlink');
        const label = `${displayKey(Buffer.from(node.prefix, 'latin1'))}*`;
        const client = await clientOf(browser, node);
        const count = await countUnder(client, node.prefix, label);
        if (count === undefined) return undefined;
        if (count === 0) {
          void vscode.window.showInformationMessage(`No keys match ${label} any more.`);
          await browser.refresh(node.connectionId, node.db, node.parentPrefix);
          return 0;
        }
        const ask = `Delete ${count.toLocaleString('en-US')} keys matching ${label}?`;
        if (options?.confirm !== false && !(await confirm(ask, 'UNLINK removes them for good, in batches of 500. Cancel stops between batches.', 'Delete'))) return undefined;
        const done = await eachBatch(client, node.prefix, `Deleting ${label}`, count, (keys) => unlinkAll(client, keys));
        if (done.cancelled) await browser.refresh(node.connectionId, node.db, node.parentPrefix);
        else await browser.update(node.connectionId, node.db, (b) => b.noteFolderDeleted(node.prefix));
        void vscode.window.showInformationMessage(`${done.cancelled ? 'Stopped: deleted' : 'Deleted'} ${done.affected.toLocaleString('en-US')} keys matching ${label}.`);
        return done.affected;
      },
      log,
    ),
    registerCommand(
      Commands.setFolderTtl,
      async (clicked: unknown, seconds?: number) => {
        const node = folderOf(clicked);
        assertWritable(browser, node.connectionId, 'expire');
        const label = `${displayKey(Buffer.from(node.prefix, 'latin1'))}*`;
        const ttl =
          seconds ?? (await askTtl(`Set TTL on every key matching ${label}`));
        if (!ttl) return undefined;
        const client = await clientOf(browser, node);
        const count = await countUnder(client, node.prefix, label);
        if (!count) return count;
        if (seconds === undefined && !(await confirm(`Set a TTL of ${formatTtl(ttl * 1000)} on ${count.toLocaleString('en-US')} keys matching ${label}?`, 'EXPIRE replaces any TTL they have.', 'Set TTL'))) return undefined;
        const done = await eachBatch(client, node.prefix, `Setting TTL on ${label}`, count, async (keys) => (await Promise.all(keys.map((k) => client.expire(k, ttl)))).reduce((a, b) => a + b, 0));
        await browser.update(node.connectionId, node.db, (b) => b.forgetAllMeta());
        void vscode.window.showInformationMessage(`${done.cancelled ? 'Stopped: set' : 'Set'} a TTL of ${formatTtl(ttl * 1000)} on ${done.affected.toLocaleString('en-US')} keys.`);
        return done.affected;
      },
      log,
    ),
  ];
}

function matchOf(prefix: string): Buffer {
  return Buffer.concat([escapeGlob(Buffer.from(prefix, 'latin1')), Buffer.from('*')]);
}

/** Counts keys under a prefix with a cancellable progress; undefined when cancelled. */
async function countUnder(client: Redis | Cluster, prefix: string, label: string): Promise<number | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Counting keys matching ${label}`, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    let count = 0;
    try {
      for await (const batch of scanAll(client, { match: matchOf(prefix), count: 5000, signal: abort.signal })) {
        count += batch.length;
        progress.report({ message: `${count.toLocaleString('en-US')} so far` });
      }
      return count;
    } catch (e) {
      if (e instanceof ScanCancelled) return undefined;
      throw e;
    }
  });
}

/** Runs `work` over every key under the prefix in batches, with progress and a Cancel between batches. */
async function eachBatch(client: Redis | Cluster, prefix: string, title: string, expected: number, work: (keys: Buffer[]) => Promise<number>) {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    let affected = 0;
    let pending: Buffer[] = [];
    const flush = async () => {
      const n = await work(pending);
      affected += n;
      pending = [];
      progress.report({ message: `${affected.toLocaleString('en-US')} of ~${expected.toLocaleString('en-US')}`, increment: (n / Math.max(expected, 1)) * 100 });
    };
    try {
      for await (const batch of scanAll(client, { match: matchOf(prefix), count: 1000, signal: abort.signal })) {
        pending.push(...batch);
        while (pending.length >= BATCH) {
          const rest = pending.splice(BATCH);
          await flush();
          pending = rest;
          if (abort.signal.aborted) return { affected, cancelled: true };
        }
      }
      if (pending.length) await flush();
      return { affected, cancelled: false };
    } catch (e) {
      if (e instanceof ScanCancelled) return { affected, cancelled: true };
      throw e;
    }
  });
}

async function unlinkAll(client: Redis | Cluster, keys: Buffer[]): Promise<number> {
  // One UNLINK per key: on a cluster keys of a batch live in different slots.
  return (await Promise.all(keys.map((k) => client.unlink(k)))).reduce((a, b) => a + b, 0);
}

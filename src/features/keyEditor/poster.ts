/**
 * Posts host messages to a webview at most ~10 times a second: messages queued within one
 * interval go out together as one `batch`, so bursts (pages, patches, busy flags) cost one
 * webview update.
 */
import * as vscode from 'vscode';
import { HostMessage } from '../../webview/protocol/keyEditor';

const INTERVAL_MS = 100;
/** How many recent messages are kept for tests and diagnostics. */
const HISTORY = 100;

export class Poster implements vscode.Disposable {
  private queue: HostMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private readonly posted = new vscode.EventEmitter<HostMessage>();
  /** Fires for every message queued (before batching). */
  readonly onDidPost = this.posted.event;
  /** The most recent messages, oldest first. */
  readonly history: HostMessage[] = [];

  constructor(private readonly webview: vscode.Webview) {}

  post(message: HostMessage): void {
    this.queue.push(message);
    this.history.push(message);
    if (this.history.length > HISTORY) this.history.shift();
    this.posted.fire(message);
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFlush = Date.now();
    const messages = this.queue;
    this.queue = [];
    if (messages.length === 0) return;
    void this.webview.postMessage(messages.length === 1 ? messages[0] : { type: 'batch', messages } satisfies HostMessage);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.posted.dispose();
  }
}

/**
 * Posts host messages to the stream viewer at most ~10 times a second: messages queued within one
 * interval go out together as one `batch`, so a burst (tail entries, header refreshes, busy flags)
 * costs one webview update. Keeps the recent messages for tests and diagnostics.
 */
import * as vscode from 'vscode';
import { HostMessage } from '../../webview/protocol/streamViewer';

const INTERVAL_MS = 100;
/** How many recent messages are kept. */
const HISTORY = 200;

export class Poster implements vscode.Disposable {
  private queue: HostMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private readonly posted = new vscode.EventEmitter<HostMessage>();
  /** Fires for every message queued (before batching). */
  readonly onDidPost = this.posted.event;
  /** The most recent messages, oldest first. */
  readonly history: HostMessage[] = [];
  /** How many postMessage calls reached the webview (each a message or a batch). */
  flushes = 0;

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
    this.flushes++;
    void this.webview.postMessage(messages.length === 1 ? messages[0] : ({ type: 'batch', messages } satisfies HostMessage));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.posted.dispose();
  }
}

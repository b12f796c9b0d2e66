/**
 * Posts host messages to a webview at most ~10 times a second: messages queued within one
 * interval go out together as one batch, so a burst (pages, patches, tail entries, busy flags)
 * costs one webview update. Keeps the recent messages for tests and diagnostics.
 */
import * as vscode from 'vscode';

const INTERVAL_MS = 100;

export class Poster<M> implements vscode.Disposable {
  private queue: M[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private readonly posted = new vscode.EventEmitter<M>();
  /** Fires for every message queued (before batching). */
  readonly onDidPost = this.posted.event;
  /** The most recent messages, oldest first. */
  readonly history: M[] = [];
  /** How many postMessage calls reached the webview (each a message or a batch). */
  flushes = 0;

  /**
   * @param batch wraps several messages into the view's batch message
   * @param historySize how many recent messages `history` keeps
   */
  constructor(
    private readonly webview: vscode.Webview,
    private readonly batch: (messages: M[]) => M,
    private readonly historySize = 100,
  ) {}

  post(message: M): void {
    this.queue.push(message);
    this.history.push(message);
    if (this.history.length > this.historySize) this.history.shift();
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
    void this.webview.postMessage(messages.length === 1 ? messages[0] : this.batch(messages));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.posted.dispose();
  }
}

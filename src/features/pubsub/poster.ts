/**
 * Posts to the pub/sub webview at most ~10 times a second, however fast messages arrive: control
 * messages queued within one interval and the live part (new messages plus counters, built by
 * `live` at flush time) go out together as one post.
 */
import * as vscode from 'vscode';
import { Throttle } from '../../core/pubsub/throttle';
import { HostMessage } from '../../webview/protocol/pubsubViewer';

export const INTERVAL_MS = 100;
/** How many recent messages are kept for tests and diagnostics. */
const HISTORY = 200;
/** Rows of a `messages` post kept in the history (the newest): the history stays small under load. */
const HISTORY_ROWS = 50;

export class PubSubPoster implements vscode.Disposable {
  private queue: HostMessage[] = [];
  private readonly throttle = new Throttle(INTERVAL_MS, () => this.flush());
  private liveDue = false;
  private disposed = false;
  private readonly postedEvent = new vscode.EventEmitter<HostMessage>();
  /** Fires for every message sent (each part of a batch), as it is posted. */
  readonly onDidPost = this.postedEvent.event;
  /**
   * The most recent messages sent, oldest first (parts of a batch one by one); a `messages` part
   * keeps only its newest rows here (`rowsPosted` counts them all).
   */
  readonly history: HostMessage[] = [];
  /** How many times `webview.postMessage` was called. */
  postCount = 0;
  /** Message rows sent in `messages` posts, in total. */
  rowsPosted = 0;

  constructor(
    private readonly webview: vscode.Webview,
    /** The live part for the next post (undefined: nothing to say). */
    private readonly live: () => HostMessage | undefined,
  ) {}

  /** Queues a control message for the next post. */
  post(message: HostMessage): void {
    if (this.disposed) return;
    this.queue.push(message);
    this.throttle.request();
  }

  /** Asks for the live part in the next post (new messages or changed counters). */
  touch(): void {
    if (this.disposed) return;
    this.liveDue = true;
    this.throttle.request();
  }

  private flush(): void {
    if (this.disposed) return;
    const messages = this.queue;
    this.queue = [];
    if (this.liveDue) {
      this.liveDue = false;
      const live = this.live();
      if (live) messages.push(live);
    }
    if (messages.length === 0) return;
    for (const m of messages) {
      if (m.type === 'messages') this.rowsPosted += m.messages.length;
      this.history.push(m.type === 'messages' && m.messages.length > HISTORY_ROWS ? { ...m, messages: m.messages.slice(-HISTORY_ROWS) } : m);
      this.postedEvent.fire(m);
    }
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    this.postCount++;
    void this.webview.postMessage(messages.length === 1 ? messages[0] : ({ type: 'batch', messages } satisfies HostMessage));
  }

  dispose(): void {
    this.disposed = true;
    this.throttle.dispose();
    this.queue = [];
    this.postedEvent.dispose();
  }
}

/**
 * The Lua results panel: one webview, reused for every run and revealed beside the editor without
 * taking focus. It shows the last run (header, reply tree or error with its line), a "Running…"
 * state while a script runs, and the script's run history with one-click re-runs. The webview says
 * `ready` on every load (its context is not retained when hidden) and gets the current state back;
 * every message it sends is validated, and runs are looked up by id on this side.
 */
import * as vscode from 'vscode';
import { replyToJson, replyToText } from '../../core/lua/reply';
import { hasMessageType, webviewHtml, webviewPanelOptions } from '../../host/webview';
import { CopyWhat, HostMessage, LUA_RESULTS_MESSAGE_TYPES, RunningInfo, WireRun, WebviewMessage } from '../../webview/protocol/luaResults';
import type { RunRecord } from './history';

export const LUA_RESULTS_VIEW_TYPE = 'redisDevkit.luaResults';

export interface LuaResultsActions {
  rerun(record: RunRecord): void;
  openLine(record: RunRecord, line: number): void;
}

/** Messages go out at most every 100 ms; a burst travels as one `batch`. */
const INTERVAL_MS = 100;
/** Recent messages kept for tests and diagnostics. */
const HISTORY = 100;

/** The wire form of a run; the compiler checks the record fits the protocol unchanged. */
function wire(record: RunRecord): WireRun {
  return record;
}

export class LuaResultsPanel implements vscode.Disposable {
  private static instance: LuaResultsPanel | undefined;

  readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly postedEvent = new vscode.EventEmitter<HostMessage>();
  /** Fires for every message posted to the webview (before batching). */
  readonly onDidPost = this.postedEvent.event;
  private readonly recent: HostMessage[] = [];
  private queue: HostMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private record: RunRecord;
  private runs: RunRecord[];
  private running: RunningInfo | undefined;
  private actions: LuaResultsActions;
  private isDisposed = false;
  /** How many `ready` messages arrived (one per webview load). */
  readyCount = 0;

  /** The open panel, if any. */
  static current(): LuaResultsPanel | undefined {
    return LuaResultsPanel.instance;
  }

  /**
   * Shows `record` (and `history`, this file's runs newest first) in the panel, creating it beside
   * the active editor the first time; focus stays in the editor.
   */
  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, record: RunRecord, history: RunRecord[], actions: LuaResultsActions): LuaResultsPanel {
    const existing = LuaResultsPanel.instance;
    if (existing) {
      existing.update(record, history, actions);
      // Where it is, unless that would cover the script being edited: then beside it.
      const editorColumn = vscode.window.activeTextEditor?.viewColumn;
      const column = existing.panel.viewColumn !== undefined && existing.panel.viewColumn === editorColumn ? vscode.ViewColumn.Beside : undefined;
      existing.panel.reveal(column, true);
      return existing;
    }
    const created = new LuaResultsPanel(extensionUri, log, record, history, actions);
    LuaResultsPanel.instance = created;
    return created;
  }

  private constructor(
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    record: RunRecord,
    history: RunRecord[],
    actions: LuaResultsActions,
  ) {
    this.record = record;
    this.runs = history;
    this.actions = actions;
    const title = titleFor(record);
    this.panel = vscode.window.createWebviewPanel(LUA_RESULTS_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewPanelOptions(extensionUri));
    this.panel.webview.html = webviewHtml({ webview: this.panel.webview, extensionUri, view: 'luaResults', title });
    this.disposables.push(
      this.postedEvent,
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Recent messages posted to the webview, oldest first (tests, diagnostics). */
  get posted(): readonly HostMessage[] {
    return this.recent;
  }

  /** The run shown now. */
  get shown(): RunRecord {
    return this.record;
  }

  /** Shows that a script is running, above the last result, until the next `show` (or `clearRunning`). */
  showRunning(info: RunningInfo): void {
    this.running = { ...info };
    this.post({ type: 'running', ...this.running });
  }

  /** Ends the "Running…" state when a run ends without a record to show (cancelled, or failed before Redis). */
  clearRunning(): void {
    if (!this.running) return;
    this.running = undefined;
    this.post({ type: 'idle' });
  }

  private update(record: RunRecord, history: RunRecord[], actions: LuaResultsActions): void {
    this.record = record;
    this.runs = history;
    this.actions = actions;
    this.running = undefined;
    this.panel.title = titleFor(record);
    this.postState();
  }

  private postState(): void {
    // The history holds the stored (cut down) copy of the run just made; send the full one.
    const history = this.runs.map((r) => wire(r.id === this.record.id ? this.record : r));
    this.post({ type: 'state', record: wire(this.record), history });
  }

  private find(id: string | undefined): RunRecord | undefined {
    if (id === undefined || id === this.record.id) return this.record;
    return this.runs.find((r) => r.id === id);
  }

  /** Handles one raw message from the webview; anything malformed is logged and dropped. */
  async receive(raw: unknown): Promise<void> {
    const message = parseMessage(raw);
    if (!message) {
      this.log.warn(`lua results: ignored a malformed webview message (${JSON.stringify(raw)?.slice(0, 200)})`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.readyCount++;
        this.postState();
        if (this.running) this.post({ type: 'running', ...this.running });
        return;
      case 'copy': {
        const record = this.find(message.id);
        if (!record) return this.log.warn(`lua results: copy of an unknown run ${message.id ?? ''}; ignored`);
        try {
          await vscode.env.clipboard.writeText(copyText(record, message.what));
          this.post({ type: 'copied', what: message.what });
        } catch (err) {
          this.log.error(`lua results: could not copy to the clipboard: ${err instanceof Error ? err.message : String(err)}`);
          void vscode.window.showErrorMessage(`Could not copy the reply to the clipboard: ${err instanceof Error ? err.message : String(err)}`);
        }
        return;
      }
      case 'rerun': {
        const record = this.find(message.id);
        if (!record) return this.log.warn(`lua results: re-run of an unknown run ${message.id}; ignored`);
        this.actions.rerun(record);
        return;
      }
      case 'openLine': {
        const record = this.find(message.id);
        // Only the line Redis named for that run's error is opened.
        if (!record || record.outcome.ok || record.outcome.line !== message.line) return this.log.warn(`lua results: openLine ${message.line} for run ${message.id}, which names no such line; ignored`);
        this.actions.openLine(record, message.line);
        return;
      }
    }
  }

  private post(message: HostMessage): void {
    if (this.isDisposed) return;
    this.queue.push(message);
    this.recent.push(message);
    if (this.recent.length > HISTORY) this.recent.shift();
    this.postedEvent.fire(message);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.lastFlush + INTERVAL_MS - Date.now()));
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFlush = Date.now();
    const messages = this.queue;
    this.queue = [];
    if (messages.length === 0 || this.isDisposed) return;
    void this.panel.webview.postMessage(messages.length === 1 ? messages[0] : ({ type: 'batch', messages } satisfies HostMessage));
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    if (LuaResultsPanel.instance === this) LuaResultsPanel.instance = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    const all = this.disposables.splice(0);
    this.panel.dispose();
    for (const d of all) d.dispose();
  }
}

function titleFor(record: RunRecord): string {
  return `Redis: ${record.fileName}`;
}

/** What "Copy as JSON" / "Copy reply as text" put on the clipboard for a run. */
export function copyText(record: RunRecord, what: CopyWhat): string {
  const { outcome } = record;
  if (what === 'json') return JSON.stringify(outcome.ok ? replyToJson(outcome.reply) : { error: outcome.error }, null, 2);
  return outcome.ok ? replyToText(outcome.reply) : `(error) ${outcome.error}`;
}

/** A WebviewMessage when `raw` is a well-formed one, else undefined. */
export function parseMessage(raw: unknown): WebviewMessage | undefined {
  if (!hasMessageType(raw, LUA_RESULTS_MESSAGE_TYPES)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'copy':
      if (raw.what !== 'json' && raw.what !== 'text') return undefined;
      if (raw.id !== undefined && typeof raw.id !== 'string') return undefined;
      return raw.id === undefined ? { type: 'copy', what: raw.what } : { type: 'copy', what: raw.what, id: raw.id };
    case 'rerun':
      return typeof raw.id === 'string' ? { type: 'rerun', id: raw.id } : undefined;
    case 'openLine':
      if (typeof raw.id !== 'string' || typeof raw.line !== 'number' || !Number.isInteger(raw.line) || raw.line < 1) return undefined;
      return { type: 'openLine', id: raw.id, line: raw.line };
  }
}

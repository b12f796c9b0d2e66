/**
 * One health report panel per connection database. The webview asks for its state with `ready`
 * (after every load: the panel does not retain its context when hidden); the host answers with the
 * current report, and handles export, re-run and open-key requests after validating each message.
 */
import * as vscode from 'vscode';
import { HealthMode, HealthReport } from '../../core/keyspace/health';
import { reportError } from '../../host/errors';
import { hasMessageType, webviewHtml, webviewPanelOptions } from '../../host/webview';
import { HostMessage, WEBVIEW_MESSAGE_TYPES } from '../../webview/protocol/healthReport';
import { reportKeys, toView } from './view';

export const HEALTH_REPORT_VIEW_TYPE = 'redisDevkit.healthReport';

export interface PanelActions {
  exportMarkdown(panel: HealthReportPanel): Promise<unknown>;
  rerun(panel: HealthReportPanel, mode: HealthMode): Promise<unknown>;
  openKey(panel: HealthReportPanel, key: Buffer): Promise<unknown>;
}

export class HealthReportPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private current: HealthReport;
  private keys: Map<string, Buffer>;
  private ready = false;
  private isDisposed = false;
  /** Loads of the webview that said `ready` (tests, diagnostics). */
  readyCount = 0;

  constructor(
    readonly connectionId: string,
    readonly db: number,
    /** "cache-prod · db 0". */
    readonly target: string,
    report: HealthReport,
    extensionUri: vscode.Uri,
    private readonly actions: PanelActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.current = report;
    this.keys = reportKeys(report);
    const title = `Health: ${target}`;
    this.panel = vscode.window.createWebviewPanel(HEALTH_REPORT_VIEW_TYPE, title, vscode.ViewColumn.Active, webviewPanelOptions(extensionUri));
    this.panel.webview.html = webviewHtml({ webview: this.panel.webview, extensionUri, view: 'healthReport', title });
    this.disposables.push(
      this.disposed,
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down; it says `ready` again when shown.
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) this.ready = false;
      }),
    );
  }

  get report(): HealthReport {
    return this.current;
  }

  /** Shows a new report (after a re-run). */
  update(report: HealthReport): void {
    this.current = report;
    this.keys = reportKeys(report);
    if (this.ready) this.post({ type: 'report', report: toView(report, this.target) });
  }

  setBusy(busy: boolean): void {
    if (this.ready) this.post({ type: 'busy', busy });
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Ties a disposable to the panel's lifetime. */
  own(d: vscode.Disposable): void {
    if (this.isDisposed) d.dispose();
    else this.disposables.push(d);
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.disposed.fire();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    if (!hasMessageType(raw, WEBVIEW_MESSAGE_TYPES)) {
      this.log.warn(`health report: ignored a webview message of unknown shape (${typeof raw === 'object' && raw ? String((raw as { type?: unknown }).type) : typeof raw})`);
      return;
    }
    try {
      switch (raw.type) {
        case 'ready':
          this.ready = true;
          this.readyCount++;
          this.post({ type: 'report', report: toView(this.current, this.target) });
          break;
        case 'exportMarkdown':
          await this.actions.exportMarkdown(this);
          break;
        case 'rerun':
          if (raw.mode === 'sample' || raw.mode === 'full') await this.actions.rerun(this, raw.mode);
          break;
        case 'openKey': {
          const key = typeof raw.token === 'string' ? this.keys.get(raw.token) : undefined;
          if (key) await this.actions.openKey(this, key);
          else this.log.warn('health report: openKey for a key that is not in the report; ignored');
          break;
        }
      }
    } catch (err) {
      void reportError(err, this.log, `health report ${raw.type}`);
    }
  }
}

/**
 * Keyspace Health Report: pick a connection database and Sample or Full, analyse it under a
 * cancellable progress notification, show the report in a webview panel (one per database),
 * export it as Markdown.
 */
import * as vscode from 'vscode';
import { HealthMode, HealthReport, analyzeKeyspace, healthReportMarkdown } from '../../core/keyspace/health';
import { ScanCancelled } from '../../core/keyspace/scan';
import { Commands, registerCommand } from '../../host/commands';
import { FeatureContext } from '../featureContext';
import { HealthReportPanel, PanelActions } from './panel';
import { HealthCommandOptions, HealthTarget, resolveTarget } from './target';

/** Settings the analysis reads (the tree's delimiters, so report prefixes match its folders). */
function settings(): { delimiters: string[]; sampleSize: number; scanCount: number } {
  const tree = vscode.workspace.getConfiguration('redisDevkit.keyBrowser');
  const delimiters = (tree.get<string[]>('delimiters', [':']) ?? []).filter((d) => typeof d === 'string' && d.length > 0);
  const sampleSize = vscode.workspace.getConfiguration('redisDevkit.healthReport').get<number>('sampleSize', 10_000);
  const scanCount = tree.get<number>('scanCount', 1000);
  return {
    delimiters: delimiters.length ? delimiters : [':'],
    sampleSize: clamp(sampleSize, 100, 1_000_000),
    scanCount: clamp(scanCount, 100, 10_000),
  };
}

function clamp(n: number | undefined, min: number, max: number): number {
  return Math.min(max, Math.max(min, typeof n === 'number' && Number.isFinite(n) ? Math.floor(n) : min));
}

/** The second argument when it is an options object (menus pass an array of selected nodes there). */
function optionsFrom(arg: unknown): HealthCommandOptions {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return {};
  const o = arg as { mode?: unknown; sampleSize?: unknown };
  return {
    mode: o.mode === 'sample' || o.mode === 'full' ? o.mode : undefined,
    sampleSize: typeof o.sampleSize === 'number' && o.sampleSize > 0 ? o.sampleSize : undefined,
  };
}

/** `onReport` hears every finished report (the key tree marks namespaces lacking TTLs from it). */
export function register(ctx: FeatureContext, onReport?: (target: HealthTarget, report: HealthReport) => void): void {
  const panels = new Map<string, HealthReportPanel>();
  let lastActive: HealthReportPanel | undefined;
  const rerunning = new Set<HealthReportPanel>();
  const { connections, log } = ctx;

  const targetName = (connectionId: string, db: number) => `${connections.store.get(connectionId)?.config.name ?? connectionId} · db ${db}`;

  /** Runs the analysis under a cancellable notification; undefined when the user cancels. */
  const analyze = async (target: HealthTarget, sampleSize?: number): Promise<HealthReport | undefined> => {
    const session = connections.session(target.connectionId) ?? (await connections.connect(target.connectionId));
    const client = await session.forDb(target.db);
    const s = settings();
    const name = targetName(target.connectionId, target.db);
    let scannedSoFar = 0;
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Keyspace health of ${name} (${target.mode === 'full' ? 'full scan' : 'sample'})`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const sub = token.onCancellationRequested(() => controller.abort());
          let reportedPct = 0;
          let lastReport = 0;
          try {
            return await analyzeKeyspace(client, {
              mode: target.mode,
              sampleSize: sampleSize ?? s.sampleSize,
              delimiters: s.delimiters,
              scanCount: s.scanCount,
              signal: controller.signal,
              onProgress: (scanned, total) => {
                scannedSoFar = scanned;
                const now = Date.now();
                if (now - lastReport < 100 && scanned !== total) return;
                lastReport = now;
                const pct = total ? Math.min(100, (scanned / total) * 100) : 0;
                const of = total === undefined ? '' : ` of ${total.toLocaleString('en-US')}`;
                progress.report({ message: `${scanned.toLocaleString('en-US')}${of} keys`, increment: pct - reportedPct });
                reportedPct = pct;
              },
            });
          } finally {
            sub.dispose();
          }
        },
      );
      log.info(`health report for ${name}: ${report.mode}, ${report.analyzed} of ${report.totalKeys} keys in ${report.durationMs} ms`);
      onReport?.(target, report);
      return report;
    } catch (err) {
      if (err instanceof ScanCancelled) {
        log.info(`health report for ${name} cancelled after ${scannedSoFar} keys`);
        void vscode.window.showInformationMessage(`Keyspace health report for ${name} cancelled after ${scannedSoFar.toLocaleString('en-US')} keys.`);
        return undefined;
      }
      throw err;
    }
  };

  const actions: PanelActions = {
    exportMarkdown: (panel) => exportMarkdown(panel),
    rerun: async (panel, mode: HealthMode) => {
      // One analysis per panel at a time; the webview disables its buttons meanwhile too.
      if (rerunning.has(panel)) return;
      rerunning.add(panel);
      panel.setBusy(true);
      try {
        const report = await analyze({ connectionId: panel.connectionId, db: panel.db, mode });
        if (report) panel.update(report);
      } finally {
        rerunning.delete(panel);
        panel.setBusy(false);
      }
    },
    openKey: (panel, key) => Promise.resolve(vscode.commands.executeCommand(Commands.openKey, { connectionId: panel.connectionId, db: panel.db, key })),
  };

  const show = (target: HealthTarget, report: HealthReport): HealthReportPanel => {
    const id = `${target.connectionId}/${target.db}`;
    let panel = panels.get(id);
    if (panel) {
      panel.update(report);
      panel.reveal();
    } else {
      const created = new HealthReportPanel(target.connectionId, target.db, targetName(target.connectionId, target.db), report, ctx.extension.extensionUri, actions, log);
      panels.set(id, created);
      created.own(created.panel.onDidChangeViewState((e) => e.webviewPanel.active && (lastActive = created)));
      created.onDidDispose(() => {
        panels.delete(id);
        if (lastActive === created) lastActive = undefined;
      });
      panel = created;
    }
    lastActive = panel;
    return panel;
  };

  const exportMarkdown = async (panel: HealthReportPanel | undefined): Promise<vscode.TextDocument | undefined> => {
    if (!panel) {
      void vscode.window.showInformationMessage('Run "Redis: Keyspace Health Report…" first; its report is what gets exported.');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: healthReportMarkdown(panel.report, panel.target) });
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    return doc;
  };

  ctx.subscriptions.push(
    registerCommand(
      Commands.healthReport,
      async (arg?: unknown, extra?: unknown): Promise<HealthReport | undefined> => {
        const options = optionsFrom(extra);
        const target = await resolveTarget(connections, arg, options, options.sampleSize ?? settings().sampleSize);
        if (!target) return undefined;
        const report = await analyze(target, options.sampleSize);
        if (report) show(target, report);
        return report;
      },
      log,
    ),
    registerCommand(Commands.exportHealthReport, () => exportMarkdown(lastActive ?? [...panels.values()].at(-1)), log),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );
}

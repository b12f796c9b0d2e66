/**
 * As-you-type diagnostics for `.lua` files: Lua 5.1 syntax, the script rules R18-R21, malformed
 * header directives, and (on a Cluster connection) `--! KEYS:` that span several slots.
 */
import * as vscode from 'vscode';
import { crossSlotKeys } from '../../core/lua/args';
import { checkScript } from '../../core/lua/checks';
import { readDirectives } from '../../core/lua/directives';
import { LuaProblem } from '../../core/lua/problem';
import { checkSyntax } from '../../core/lua/syntax';
import { FeatureContext } from '../featureContext';

const DEBOUNCE_MS = 300;
const SOURCE = 'redis-devkit';

const SEVERITY: Record<LuaProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * The rule's page shipped inside the extension (docs/rules/<id>.md): the Problems panel's code link
 * opens it in the editor, offline and on remotes alike.
 */
export function ruleDocUri(extensionUri: vscode.Uri, rule: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${rule}.md`);
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration('redisDevkit.lua').get<boolean>('checks', true);
}

/** The cluster-only hint: KEYS of the directive that Redis Cluster would refuse with CROSSSLOT. */
function crossSlotProblem(document: vscode.TextDocument, keys: string[] | undefined, line: number | undefined): LuaProblem | undefined {
  const cross = keys && line !== undefined ? crossSlotKeys(keys) : undefined;
  if (!cross || line === undefined) return undefined;
  return {
    message: `These ${keys?.length} keys hash to ${cross.slots.length} different slots (${cross.slots.join(', ')}): on this Cluster the script fails with CROSSSLOT. Give them a common hash tag, e.g. {user:1}:a {user:1}:b.`,
    severity: 'warning',
    line,
    column: 0,
    endLine: line,
    endColumn: document.lineAt(line).text.length,
  };
}

function toDiagnostic(p: LuaProblem, extensionUri: vscode.Uri, code?: string): vscode.Diagnostic {
  const range = new vscode.Range(p.line, p.column, p.endLine, Math.max(p.endColumn, p.endLine === p.line ? p.column + 1 : 0));
  const d = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]);
  d.source = SOURCE;
  if (p.rule) d.code = { value: p.rule, target: ruleDocUri(extensionUri, p.rule) };
  else if (code) d.code = code;
  return d;
}

/**
 * Checks open Lua documents (debounced ~300 ms after each change) into a diagnostic collection,
 * honouring `redisDevkit.lua.checks`. `isClusterFor` says whether the document runs on a Cluster
 * connection, which turns on the cross-slot hint on its `--! KEYS:` line.
 */
export function registerScriptChecks(ctx: FeatureContext, isClusterFor: (doc: vscode.TextDocument) => boolean): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('redis-devkit-lua');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const extensionUri = ctx.extension.extensionUri;

  const cancel = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.delete(key);
  };

  const check = (doc: vscode.TextDocument): void => {
    cancel(doc);
    if (doc.isClosed || doc.languageId !== 'lua') return;
    if (!enabled()) {
      collection.delete(doc.uri);
      return;
    }
    const source = doc.getText();
    const directives = readDirectives(source);
    const syntax = checkSyntax(source);
    // The rules need a tree: while the file does not parse, its syntax error is the news.
    const problems = [...syntax, ...directives.problems, ...(syntax.length ? [] : checkScript(source))];
    const diagnostics = problems.map((p) => toDiagnostic(p, extensionUri));
    const cross = isClusterFor(doc) ? crossSlotProblem(doc, directives.keys, directives.keysLine) : undefined;
    if (cross) diagnostics.push(toDiagnostic(cross, extensionUri, 'cross-slot'));
    collection.set(doc.uri, diagnostics);
  };

  const schedule = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== 'lua') return;
    cancel(doc);
    timers.set(doc.uri.toString(), setTimeout(() => check(doc), DEBOUNCE_MS));
  };

  const checkAll = (): void => {
    for (const doc of vscode.workspace.textDocuments) if (doc.languageId === 'lua') check(doc);
  };

  ctx.subscriptions.push(
    collection,
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      cancel(doc);
      collection.delete(doc.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('redisDevkit.lua.checks')) checkAll();
    }),
    // The cluster hint depends on the connection a file runs on, and on its topology.
    ctx.connections.onDidChange(() => checkAll()),
  );
  checkAll();
  return collection;
}

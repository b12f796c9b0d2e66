/**
 * Runs scripts and functions from the editor: resolves the connection and KEYS/ARGV, checks the
 * syntax locally, sends EVALSHA through a per-client ScriptRunner (so the script cache is reused
 * across runs), puts Redis errors on their line, records the run and shows it in the results panel.
 */
import * as vscode from 'vscode';
import { ReadOnlyError } from '../../core/connection/errors';
import { callFunction, loadLibrary, NodeResult } from '../../core/lua/functions';
import { killBusyScript } from '../../core/lua/kill';
import { libraryName } from '../../core/lua/library';
import { toReplyTree, replySummary } from '../../core/lua/reply';
import { ScriptRunner } from '../../core/lua/runner';
import { ScriptError } from '../../core/lua/scriptError';
import { scriptSha } from '../../core/lua/sha';
import { checkSyntax } from '../../core/lua/syntax';
import type { RedisClient } from '../../core/values/client';
import { ArgsMemory } from './argsInput';
import { withBusyProgress } from './busyProgress';
import { RunHistory, RunRecord } from './history';
import { LuaResultsPanel } from './resultsPanel';
import { RunDiagnostics } from './runDiagnostics';
import { LuaTarget, LuaTargets, basename } from './target';

/** What a command may pass to skip the prompts (tests, re-runs, CodeLenses). */
export interface RunRequest {
  connectionId?: string;
  keys?: string[];
  args?: string[];
  readOnly?: boolean;
  /** Run the selection of the active editor (when it has one) instead of the whole file. */
  selection?: vscode.Selection;
}

export interface FunctionRequest {
  connectionId?: string;
  name: string;
  keys?: string[];
  args?: string[];
  readOnly?: boolean;
  /** The library file the call came from (errors land on its lines; it is loaded first when changed). */
  file?: vscode.Uri;
}

interface Running {
  target: LuaTarget;
  node?: string;
  kind: 'script' | 'function';
}

export class LuaRunController implements vscode.Disposable {
  private readonly runners = new WeakMap<RedisClient, ScriptRunner>();
  /** Library source sha last loaded from a file, per connection: "Call" reloads only when it changed. */
  private readonly loadedLibraries = new Map<string, string>();
  private readonly librariesChanged = new vscode.EventEmitter<string>();
  /** Fires with a connection id after a library was loaded or deleted on it. */
  readonly onDidChangeLibraries = this.librariesChanged.event;
  running?: Running;

  constructor(
    private readonly targets: LuaTargets,
    private readonly argsMemory: ArgsMemory,
    private readonly history: RunHistory,
    private readonly diagnostics: RunDiagnostics,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private runner(target: LuaTarget): ScriptRunner {
    let runner = this.runners.get(target.client);
    if (!runner) {
      runner = new ScriptRunner(target.client, { readOnly: target.readOnly, connectionName: target.connectionName });
      this.runners.set(target.client, runner);
    }
    return runner;
  }

  private threshold(): number {
    return Math.max(500, vscode.workspace.getConfiguration('redisDevkit.lua').get<number>('busyThresholdMs', 5000));
  }

  /** Runs a script document (or its selection); the record, or undefined when the user backed out. */
  async runScript(doc: vscode.TextDocument, request: RunRequest = {}): Promise<RunRecord | undefined> {
    const whole = doc.getText();
    if (libraryName(whole) !== undefined) {
      throw new Error(`${basename(doc.uri)} is a function library (#!lua name=…): use "Load Library" and "Call", not Run.`);
    }
    const range = request.selection && !request.selection.isEmpty ? request.selection : undefined;
    const source = range ? doc.getText(range) : whole;
    const lineOffset = range ? range.start.line : 0;
    const syntax = checkSyntax(source)[0];
    if (syntax) {
      throw new Error(`Lua syntax error at line ${syntax.line + lineOffset + 1}: ${syntax.message} (nothing was sent to Redis)`);
    }
    const target = await this.targets.resolve(doc.uri, request.connectionId);
    if (!target) return undefined;
    const readOnly = request.readOnly === true;
    if (target.readOnly && !readOnly) throw new ReadOnlyError(target.connectionName, 'EVALSHA (use "Run read-only": EVALSHA_RO)');
    const kv = request.keys || request.args ? { keys: request.keys ?? [], args: request.args ?? [] } : await this.argsMemory.resolve(doc.uri.toString(), source, `KEYS and ARGV for ${basename(doc.uri)}`);
    if (!kv) return undefined;

    const runner = this.runner(target);
    const file = basename(doc.uri);
    const base = { id: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, file: doc.uri.toString(), fileName: file, connectionId: target.connectionId, connectionName: target.connectionName, db: target.db, mode: 'eval' as const, keys: kv.keys, args: kv.args, readOnly, when: Date.now() };
    this.running = { target, kind: 'script' };
    const panel = LuaResultsPanel.current();
    panel?.showRunning({ fileName: file, connectionName: target.connectionName, sha: scriptSha(source) });
    let record: RunRecord;
    try {
      const outcome = await withBusyProgress({
        title: `Running ${file} on ${target.connectionName}`,
        thresholdMs: this.threshold(),
        what: () => `'${file}' on ${this.running?.node ?? target.connectionName}`,
        run: () => runner.run({ source, keys: kv.keys, args: kv.args, readOnly }, { onStart: ({ node }) => this.running && (this.running.node = node) }),
        kill: () => killBusyScript(target.client, this.running?.node ?? runner.nodeFor(kv.keys), 'script'),
      });
      const reply = toReplyTree(outcome.reply);
      record = { ...base, outcome: { ok: true, reply, summary: replySummary(reply), sha: outcome.sha, cacheHit: outcome.cacheHit, node: outcome.node, ms: outcome.ms } };
      this.diagnostics.clear(doc.uri);
      this.log.info(`[lua] ${file} on ${target.connectionName} (${outcome.node}): ${outcome.cacheHit ? 'EVALSHA cache hit' : 'loaded with SCRIPT LOAD'}, ${outcome.ms.toFixed(1)} ms`);
    } catch (err) {
      if (!(err instanceof ScriptError)) {
        panel?.clearRunning();
        throw err;
      }
      record = { ...base, outcome: this.failure(err, doc, lineOffset) };
    } finally {
      this.running = undefined;
    }
    await this.finish(record);
    return record;
  }

  /** The failed outcome of a run; its line is put on the document unless the script was killed. */
  private failure(err: ScriptError, doc: vscode.TextDocument | undefined, lineOffset: number): Extract<RunRecord['outcome'], { ok: false }> {
    const killed = /killed by user/i.test(err.message);
    const line = doc && !killed ? this.diagnostics.report(doc, err.message, lineOffset) : undefined;
    this.log.warn(`[lua] ${err.message}`);
    return { ok: false, error: err.message, line: line === undefined ? undefined : line + 1, node: err.node, ms: err.ms };
  }

  private async finish(record: RunRecord): Promise<void> {
    await this.history.add(record);
    LuaResultsPanel.show(this.extensionUri, this.log, record, this.history.forFile(record.file), {
      rerun: (r) => void this.rerun(r).catch((err: unknown) => this.log.error(`[lua] re-run failed: ${String(err)}`)),
      openLine: (r, line) => void this.openLine(r, line),
    });
  }

  /** Runs an earlier record again with the same KEYS/ARGV on the same connection. */
  async rerun(record: RunRecord): Promise<RunRecord | undefined> {
    if (record.mode === 'fcall' && record.functionName) {
      const file = record.file.startsWith('redis-function:') ? undefined : vscode.Uri.parse(record.file);
      return this.callFunction({ connectionId: record.connectionId, name: record.functionName, keys: record.keys, args: record.args, readOnly: record.readOnly, file });
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(record.file));
    return this.runScript(doc, { connectionId: record.connectionId, keys: record.keys, args: record.args, readOnly: record.readOnly });
  }

  private async openLine(record: RunRecord, line: number): Promise<void> {
    if (record.file.startsWith('redis-function:')) return;
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(record.file), { preserveFocus: false });
    const at = new vscode.Position(Math.max(0, line - 1), 0);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** FUNCTION LOAD REPLACE of a library document on every master; per-node results. */
  async loadLibrary(doc: vscode.TextDocument, connectionId?: string): Promise<NodeResult<string>[] | undefined> {
    const source = doc.getText();
    const name = libraryName(source);
    if (name === undefined) throw new Error(`${basename(doc.uri)} is not a function library: its first line must be '#!lua name=<library>'.`);
    const syntax = checkSyntax(source)[0];
    if (syntax) throw new Error(`Lua syntax error at line ${syntax.line + 1}: ${syntax.message} (nothing was sent to Redis)`);
    const target = await this.targets.resolve(doc.uri, connectionId);
    if (!target) return undefined;
    const results = await loadLibrary(target.client, source, { replace: true, readOnly: target.readOnly, connectionName: target.connectionName });
    const failed = results.filter((r) => !r.ok);
    if (failed.length === 0) {
      this.diagnostics.clear(doc.uri);
      this.loadedLibraries.set(`${target.connectionId}\n${doc.uri.toString()}`, scriptSha(source));
      const where = results.length > 1 ? `on all ${results.length} masters` : `on ${results[0]?.node ?? target.connectionName}`;
      void vscode.window.setStatusBarMessage(`$(check) Loaded library '${name}' ${where}`, 5000);
      this.log.info(`[lua] loaded library ${name} on ${target.connectionName}: ${results.map((r) => r.node).join(', ')}`);
    } else {
      const first = failed[0].error ?? 'unknown error';
      this.diagnostics.report(doc, first);
      const detail = failed.map((r) => `${r.node}: ${r.error ?? 'failed'}`).join('\n');
      this.log.error(`[lua] FUNCTION LOAD ${name} failed on ${failed.length} of ${results.length} node(s):\n${detail}`);
      void vscode.window.showErrorMessage(`FUNCTION LOAD '${name}' failed on ${failed.length} of ${results.length} node(s): ${first}`, 'Show Log').then((c) => c && this.log.show(true));
    }
    this.librariesChanged.fire(target.connectionId);
    return results;
  }

  /** Marks a library deleted (so a later "Call" from its file loads it again). */
  forgetLibraries(connectionId: string): void {
    for (const key of [...this.loadedLibraries.keys()]) if (key.startsWith(`${connectionId}\n`)) this.loadedLibraries.delete(key);
    this.librariesChanged.fire(connectionId);
  }

  /** FCALL / FCALL_RO; from a library file, the file is (re)loaded first when it changed since the last load. */
  async callFunction(request: FunctionRequest): Promise<RunRecord | undefined> {
    const doc = request.file ? await vscode.workspace.openTextDocument(request.file) : undefined;
    const target = doc ? await this.targets.resolve(doc.uri, request.connectionId) : request.connectionId ? await this.targets.resolve(vscode.Uri.parse(`redis-function:${request.name}`), request.connectionId) : undefined;
    if (!target) return undefined;
    if (doc && this.loadedLibraries.get(`${target.connectionId}\n${doc.uri.toString()}`) !== scriptSha(doc.getText())) {
      const loaded = await this.loadLibrary(doc, target.connectionId);
      if (!loaded || loaded.some((r) => !r.ok)) return undefined;
    }
    const readOnly = request.readOnly === true || target.readOnly;
    const memoryId = `fcall:${target.connectionId}:${request.name}`;
    const kv = request.keys || request.args ? { keys: request.keys ?? [], args: request.args ?? [] } : await this.argsMemory.resolve(memoryId, undefined, `KEYS and ARGV for FCALL${readOnly ? '_RO' : ''} ${request.name}`);
    if (!kv) return undefined;
    const fileId = doc ? doc.uri.toString() : `redis-function:${target.connectionId}/${request.name}`;
    const base = { id: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, file: fileId, fileName: doc ? basename(doc.uri) : request.name, connectionId: target.connectionId, connectionName: target.connectionName, db: target.db, mode: 'fcall' as const, functionName: request.name, keys: kv.keys, args: kv.args, readOnly, when: Date.now() };
    this.running = { target, kind: 'function' };
    let record: RunRecord;
    try {
      const outcome = await withBusyProgress({
        title: `FCALL${readOnly ? '_RO' : ''} ${request.name} on ${target.connectionName}`,
        thresholdMs: this.threshold(),
        what: () => `Function '${request.name}' on ${this.running?.node ?? target.connectionName}`,
        run: () => callFunction(target.client, { name: request.name, keys: kv.keys, args: kv.args, readOnly }, { readOnly: target.readOnly, connectionName: target.connectionName }, { onStart: ({ node }) => this.running && (this.running.node = node) }),
        kill: () => killBusyScript(target.client, this.running?.node ?? this.runner(target).nodeFor(kv.keys), 'function'),
      });
      const reply = toReplyTree(outcome.reply);
      record = { ...base, outcome: { ok: true, reply, summary: replySummary(reply), node: outcome.node, ms: outcome.ms } };
      if (doc) this.diagnostics.clear(doc.uri);
    } catch (err) {
      if (!(err instanceof ScriptError)) throw err;
      record = { ...base, outcome: this.failure(err, doc, 0) };
    } finally {
      this.running = undefined;
    }
    await this.finish(record);
    return record;
  }

  /** Kills the run in progress, or (none) a script running on a connection the user picks. */
  async kill(connectionId?: string): Promise<string> {
    const running = this.running;
    if (running?.node) {
      const result = await killBusyScript(running.target.client, running.node, running.kind);
      if (result.outcome === 'unkillable') void vscode.window.showErrorMessage(result.message, { modal: true });
      else void vscode.window.showInformationMessage(result.message);
      return result.outcome;
    }
    const id = connectionId ?? this.targets.connectionIdFor(vscode.Uri.parse('redis-kill:')) ?? (await this.targets.ask(vscode.Uri.parse('redis-kill:')));
    if (!id) return 'cancelled';
    const target = await this.targets.resolve(vscode.Uri.parse('redis-kill:'), id);
    if (!target) return 'cancelled';
    const node = this.runner(target).nodeFor([]);
    const result = await killBusyScript(target.client, node, 'script');
    if (result.outcome === 'unkillable') void vscode.window.showErrorMessage(result.message, { modal: true });
    else void vscode.window.showInformationMessage(result.message);
    return result.outcome;
  }

  dispose(): void {
    this.librariesChanged.dispose();
  }
}

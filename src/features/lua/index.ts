/**
 * The Lua runner: CodeLenses and commands on `.lua` files, the results panel, errors on their line,
 * as-you-type checks, completion and hovers, the Functions node in the tree, kill.
 */
import * as vscode from 'vscode';
import { deleteLibrary } from '../../core/lua/functions';
import { libraryName, registeredFunctions } from '../../core/lua/library';
import { Commands, registerCommand } from '../../host/commands';
import { FeatureContext } from '../featureContext';
import { ConnectionTreeProvider } from '../connections/tree';
import { ArgsMemory } from './argsInput';
import { LuaCodeLensProvider } from './codeLens';
import { registerLuaEditing } from './editing';
import { FunctionNode, FunctionsTree, LibraryNode } from './functionsTree';
import { RunHistory } from './history';
import { setUpLuaLanguageServer } from './luaLanguageServer';
import { LuaResultsPanel } from './resultsPanel';
import { LuaRunController } from './runController';
import { RunDiagnostics } from './runDiagnostics';
import { registerScriptChecks } from './scriptChecks';
import { serverCommandDocs } from './serverDocs';
import { LuaTargets } from './target';

export interface LuaApi {
  controller: LuaRunController;
  functions: FunctionsTree;
  runDiagnostics: RunDiagnostics;
  checks: vscode.DiagnosticCollection;
  history: RunHistory;
  /** The results panel, when one is open (tests: the extension's bundle has its own copy of the class). */
  resultsPanel(): LuaResultsPanel | undefined;
}

/** The `.lua` document a command acts on: its uri argument, else the active editor's. */
async function luaDocument(arg: unknown): Promise<vscode.TextDocument> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) throw new Error('Open a .lua file first.');
  return doc;
}

function connectionIdOf(arg: unknown): string | undefined {
  return typeof arg === 'object' && arg !== null && typeof (arg as { connectionId?: unknown }).connectionId === 'string' ? (arg as { connectionId: string }).connectionId : undefined;
}

export function register(ctx: FeatureContext, tree: ConnectionTreeProvider): LuaApi {
  const { connections, log } = ctx;
  const state = ctx.extension.workspaceState;
  const targets = new LuaTargets(connections, state);
  const history = new RunHistory(state, () => vscode.workspace.getConfiguration('redisDevkit.lua').get<number>('historySize', 20));
  const runDiagnostics = new RunDiagnostics();
  const controller = new LuaRunController(targets, new ArgsMemory(state), history, runDiagnostics, ctx.extension.extensionUri, log);
  const lenses = new LuaCodeLensProvider(targets);
  const functions = new FunctionsTree(connections);
  const isClusterFor = (doc: vscode.TextDocument) => {
    const id = targets.connectionIdFor(doc.uri);
    return id ? connections.store.get(id)?.config.topology === 'cluster' : false;
  };
  const checks = registerScriptChecks(ctx, isClusterFor);
  registerLuaEditing(ctx, () => serverCommandDocs(connections, targets));

  const selectionOf = (doc: vscode.TextDocument) => {
    const editor = vscode.window.activeTextEditor;
    return editor && editor.document === doc && !editor.selection.isEmpty ? editor.selection : undefined;
  };
  const run = (readOnly: boolean) => async (arg?: unknown, request?: { connectionId?: string; keys?: string[]; args?: string[] }) => {
    const doc = await luaDocument(arg);
    return controller.runScript(doc, { ...request, readOnly, selection: selectionOf(doc) });
  };

  ctx.subscriptions.push(
    targets,
    runDiagnostics,
    controller,
    lenses,
    functions,
    vscode.languages.registerCodeLensProvider({ language: 'lua' }, lenses),
    tree.setChildProvider(functions),
    targets.onDidChange(() => lenses.refresh()),
    connections.onDidChange(() => lenses.refresh()),
    controller.onDidChangeLibraries((id) => functions.refresh(id)),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('redisDevkit.lua.codeLens') && lenses.refresh()),
    registerCommand(Commands.runLua, run(false), log),
    registerCommand(Commands.runLuaReadOnly, run(true), log),
    registerCommand(
      Commands.chooseLuaConnection,
      async (arg?: unknown) => {
        const doc = await luaDocument(arg);
        return targets.ask(doc.uri);
      },
      log,
    ),
    registerCommand(
      Commands.loadLuaLibrary,
      async (arg?: unknown, connectionId?: string) => {
        const doc = await luaDocument(arg);
        return controller.loadLibrary(doc, connectionId);
      },
      log,
    ),
    registerCommand(
      Commands.callLuaFunction,
      async (arg?: { file?: vscode.Uri; name?: string; readOnly?: boolean; connectionId?: string; keys?: string[]; args?: string[] }) => {
        if (arg?.name) return controller.callFunction({ ...arg, name: arg.name });
        // From the palette: a function of the library in the editor, else of the connection's libraries.
        const doc = vscode.window.activeTextEditor?.document;
        if (doc && libraryName(doc.getText()) !== undefined) {
          const pick = await vscode.window.showQuickPick(
            registeredFunctions(doc.getText()).map((f) => ({ label: f.name, description: f.flags.join(', '), f })),
            { title: 'Call Redis Function', placeHolder: `Function of ${libraryName(doc.getText())}` },
          );
          return pick && controller.callFunction({ file: doc.uri, name: pick.f.name, readOnly: pick.f.flags.includes('no-writes') });
        }
        const id = arg?.connectionId ?? (await targets.ask(vscode.Uri.parse('redis-function:')));
        if (!id) return undefined;
        const libraries = await functions.libraries(id);
        const items = libraries.flatMap((l) => l.functions.map((f) => ({ label: f.name, description: `${l.name}${f.flags.length ? ` · ${f.flags.join(', ')}` : ''}`, f })));
        if (items.length === 0) throw new Error('No functions on this connection: load a library (#!lua name=…) first.');
        const pick = await vscode.window.showQuickPick(items, { title: 'Call Redis Function', placeHolder: 'Function to call' });
        return pick && controller.callFunction({ connectionId: id, name: pick.f.name, readOnly: pick.f.flags.includes('no-writes') });
      },
      log,
    ),
    registerCommand(Commands.killLuaScript, (arg?: unknown) => controller.kill(typeof arg === 'string' ? arg : connectionIdOf(arg)), log),
    registerCommand(
      Commands.showLuaResults,
      async (arg?: unknown) => {
        const doc = arg instanceof vscode.Uri || vscode.window.activeTextEditor ? await luaDocument(arg) : undefined;
        const records = doc ? history.forFile(doc.uri.toString()) : [];
        if (!records[0]) {
          if (LuaResultsPanel.current()) return true;
          void vscode.window.showInformationMessage('No runs of this script yet: run it with Redis: Run Lua Script.');
          return false;
        }
        LuaResultsPanel.show(ctx.extension.extensionUri, log, records[0], records, {
          rerun: (r) => void controller.rerun(r),
          openLine: (r, line) => void vscode.window.showTextDocument(vscode.Uri.parse(r.file)).then((e) => (e.selection = new vscode.Selection(line - 1, 0, line - 1, 0))),
        });
        return true;
      },
      log,
    ),
    registerCommand(
      Commands.setUpLuaLanguageServer,
      async (folder?: vscode.Uri) => {
        const target = folder ?? (await pickFolder());
        if (!target) return undefined;
        const written = await setUpLuaLanguageServer(target);
        void vscode.window.showInformationMessage(`Wrote ${written.map((u) => vscode.workspace.asRelativePath(u)).join(' and ')}: the Lua Language Server now knows redis, KEYS, ARGV, cjson…`);
        return written;
      },
      log,
    ),
    registerCommand(Commands.refreshFunctions, (node?: { connectionId: string }) => node && functions.refresh(node.connectionId), log),
    registerCommand(
      Commands.loadFunctionsFromFile,
      async (node?: { connectionId: string }) => {
        const [file] = (await vscode.window.showOpenDialog({ title: 'Load Function Library', canSelectMany: false, filters: { Lua: ['lua'] }, openLabel: 'Load' })) ?? [];
        if (!file) return undefined;
        return controller.loadLibrary(await vscode.workspace.openTextDocument(file), node?.connectionId);
      },
      log,
    ),
    registerCommand(
      Commands.deleteFunctionLibrary,
      async (node?: LibraryNode, confirmed?: boolean) => {
        if (!node || node.kind !== 'library') throw new Error('Pick a library under Functions in the Redis view.');
        const name = node.library.name;
        const fns = node.library.functions.length;
        if (confirmed !== true) {
          const ok = await vscode.window.showWarningMessage(
            `Delete the function library '${name}'?`,
            { modal: true, detail: `FUNCTION DELETE removes its ${fns} function${fns === 1 ? '' : 's'} from ${node.library.nodes.join(', ')}. Callers of them will fail.` },
            'Delete',
          );
          if (ok !== 'Delete') return false;
        }
        const session = connections.session(node.connectionId) ?? (await connections.connect(node.connectionId));
        const stored = connections.store.get(node.connectionId);
        const results = await deleteLibrary(session.client, name, { readOnly: stored?.config.readOnly === true, connectionName: stored?.config.name });
        controller.forgetLibraries(node.connectionId);
        const failed = results.filter((r) => !r.ok);
        if (failed.length) throw new Error(`FUNCTION DELETE ${name} failed on ${failed.map((f) => `${f.node} (${f.error ?? 'error'})`).join(', ')}`);
        void vscode.window.setStatusBarMessage(`Deleted library '${name}'`, 4000);
        return true;
      },
      log,
    ),
    registerCommand(
      Commands.callFunctionFromTree,
      (node?: FunctionNode) => {
        if (!node || node.kind !== 'function') throw new Error('Pick a function under Functions in the Redis view.');
        return controller.callFunction({ connectionId: node.connectionId, name: node.fn.name, readOnly: node.fn.flags.includes('no-writes') });
      },
      log,
    ),
  );
  return { controller, functions, runDiagnostics, checks, history, resultsPanel: () => LuaResultsPanel.current() };
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error('Open a folder first: the Lua Language Server settings go in .luarc.json at its root.');
  if (folders.length === 1) return folders[0].uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to set up for the Lua Language Server' }))?.uri;
}

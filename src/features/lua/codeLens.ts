/**
 * CodeLenses on `.lua` files. A script gets "Run on <connection>", "Run read-only" and the
 * connection switch at its top; a function library (`#!lua name=<lib>`) gets "Load library" there
 * and "Call <fn>" on each `redis.register_function`.
 */
import * as vscode from 'vscode';
import { libraryName, registeredFunctions } from '../../core/lua/library';
import { Commands } from '../../host/commands';
import { LuaTargets } from './target';

export class LuaCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly targets: LuaTargets) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('redisDevkit.lua').get<boolean>('codeLens', true)) return [];
    const source = doc.getText();
    const top = new vscode.Range(0, 0, 0, 0);
    const name = this.targets.nameFor(doc.uri);
    const on = name ?? 'Redis…';
    const choose = new vscode.CodeLens(top, { title: `$(plug) ${name ?? 'Choose connection'}`, tooltip: 'Choose the connection this file runs on', command: Commands.chooseLuaConnection, arguments: [doc.uri] });
    const library = libraryName(source);
    if (library === undefined) {
      return [
        new vscode.CodeLens(top, { title: `$(play) Run on ${on}`, tooltip: 'EVALSHA (loads the script once with SCRIPT LOAD when the server lacks it)', command: Commands.runLua, arguments: [doc.uri] }),
        new vscode.CodeLens(top, { title: 'Run read-only', tooltip: 'EVALSHA_RO: Redis refuses any write the script attempts', command: Commands.runLuaReadOnly, arguments: [doc.uri] }),
        choose,
      ];
    }
    const lenses = [
      new vscode.CodeLens(top, { title: `$(cloud-upload) Load library '${library}' on ${on}`, tooltip: 'FUNCTION LOAD REPLACE (on every master of a cluster)', command: Commands.loadLuaLibrary, arguments: [doc.uri] }),
      choose,
    ];
    for (const fn of registeredFunctions(source)) {
      const at = new vscode.Range(fn.line, 0, fn.line, 0);
      const readOnly = fn.flags.includes('no-writes');
      lenses.push(new vscode.CodeLens(at, { title: `$(play) Call ${fn.name}`, tooltip: `${readOnly ? 'FCALL_RO' : 'FCALL'} ${fn.name} (loads the library first when the file changed)`, command: Commands.callLuaFunction, arguments: [{ file: doc.uri, name: fn.name, readOnly }] }));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

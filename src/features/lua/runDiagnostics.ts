/**
 * Errors Redis reported for a run, as a Diagnostic on the line Redis named (compile, runtime, a
 * command's error inside the script, the `user_function` forms). Cleared by the next successful
 * run of the same file.
 */
import * as vscode from 'vscode';
import { locateScriptError } from '../../core/lua/errorLocation';

export const RUN_DIAGNOSTIC_SOURCE = 'redis-devkit';

export class RunDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('redis-devkit-lua-run');

  /**
   * Puts Redis's error on its line of `doc` (shifted by `lineOffset` for a selection run); returns
   * the 0-based document line, or undefined when the message names no line.
   */
  report(doc: vscode.TextDocument, redisMessage: string, lineOffset = 0): number | undefined {
    const at = locateScriptError(redisMessage);
    if (!at) return undefined;
    const line = Math.min(Math.max(0, at.line + lineOffset), Math.max(0, doc.lineCount - 1));
    const text = doc.lineAt(line);
    const range = new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, Math.max(text.range.end.character, text.firstNonWhitespaceCharacterIndex + 1));
    const kind = at.kind === 'compile' ? 'compile error' : at.kind === 'command' ? 'command error' : 'runtime error';
    const diagnostic = new vscode.Diagnostic(range, `Redis ${kind}: ${at.message}`, vscode.DiagnosticSeverity.Error);
    diagnostic.source = RUN_DIAGNOSTIC_SOURCE;
    diagnostic.code = at.source === 'function' ? 'function-error' : 'script-error';
    this.collection.set(doc.uri, [diagnostic]);
    return line;
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    this.collection.dispose();
  }
}

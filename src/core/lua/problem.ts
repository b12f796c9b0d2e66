/** A finding about a Lua script, as plain data for the editor layer to turn into a Diagnostic. */
export interface LuaProblem {
  /** Rule id ('R18'..'R21'); undefined for syntax errors and malformed directives. */
  rule?: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
  /** 0-based start line. */
  line: number;
  /** 0-based start column (UTF-16 code units, as the editor counts). */
  column: number;
  /** 0-based end line. */
  endLine: number;
  /** 0-based end column, exclusive. */
  endColumn: number;
}

/** A luaparse `loc` (1-based lines, 0-based columns). */
export interface LuaLoc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** A problem covering a luaparse node's `loc`, converted to 0-based lines. */
export function problemAt(
  loc: LuaLoc | undefined,
  message: string,
  severity: LuaProblem['severity'],
  rule?: string,
): LuaProblem {
  const start = loc?.start ?? { line: 1, column: 0 };
  const end = loc?.end ?? start;
  return { rule, message, severity, line: start.line - 1, column: start.column, endLine: end.line - 1, endColumn: end.column };
}

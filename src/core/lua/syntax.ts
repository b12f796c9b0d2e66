/**
 * Lua 5.1 parsing with luaparse, tuned so positions match the editor and string values survive.
 */
import * as luaparse from 'luaparse';
import type { Chunk } from 'luaparse';
import { LuaProblem } from './problem';

/**
 * Stand-in for code units above U+00FF: luaparse's `pseudo-latin1` mode (needed to keep string
 * values) rejects them, yet they are common in comments and strings. One unit for one unit keeps
 * every column right; inside identifiers it still fails, as it does in Redis's Lua.
 */
const WIDE = /[\u0100-\uffff]/g;
const PLACEHOLDER = '\u00bf';

/** The source luaparse sees: the shebang line blanked (Redis keeps its newline) and wide chars replaced. */
export function prepareSource(source: string): string {
  let text = source;
  if (text.startsWith('#!')) {
    const eol = text.search(/\r?\n/);
    const end = eol < 0 ? text.length : eol;
    text = ' '.repeat(end) + text.slice(end);
  }
  return text.replace(WIDE, PLACEHOLDER);
}

function parse(source: string): Chunk {
  return luaparse.parse(prepareSource(source), {
    luaVersion: '5.1',
    encodingMode: 'pseudo-latin1',
    ranges: true,
    locations: true,
    comments: false,
    scope: false,
  });
}

/** The luaparse AST of `source` (ranges and locations on), or undefined when it does not parse. */
export function parseLua(source: string): Chunk | undefined {
  try {
    return parse(source);
  } catch (err) {
    if (isLuaSyntaxError(err)) return undefined;
    throw err;
  }
}

interface LuaSyntaxError extends SyntaxError {
  line: number;
  column: number;
  index: number;
}

function isLuaSyntaxError(err: unknown): err is LuaSyntaxError {
  return err instanceof SyntaxError && typeof (err as Partial<LuaSyntaxError>).line === 'number';
}

/**
 * Lua 5.1 syntax check of `source`.
 * @returns [] when it parses, else the first syntax error, spanning the token it names.
 */
export function checkSyntax(source: string): LuaProblem[] {
  try {
    parse(source);
    return [];
  } catch (err) {
    if (!isLuaSyntaxError(err)) throw err;
    const message = err.message.replace(/^\[\d+:\d+\]\s*/, '');
    const near = /near '(.*)'$/.exec(message)?.[1];
    const prepared = prepareSource(source);
    const lineStart = prepared.lastIndexOf('\n', Math.min(err.index, prepared.length) - 1) + 1;
    const lineEnd = prepared.indexOf('\n', lineStart) < 0 ? prepared.length : prepared.indexOf('\n', lineStart);
    let start = Math.min(err.index, lineEnd);
    let width = 1;
    const symbol = /^unexpected symbol '(.+?)' near/.exec(message)?.[1];
    if (symbol !== undefined) {
      width = symbol.length;
    } else if (near !== undefined && near !== '<eof>') {
      // luaparse reports some errors (unfinished strings) past the token; point at the token itself.
      const at = prepared.substr(start, near.length) === near ? start : prepared.lastIndexOf(near, start);
      if (at >= lineStart) start = at;
      width = Math.max(1, Math.min(near.length, lineEnd - start));
    }
    const column = start - lineStart;
    // The message names the placeholder when the culprit was a wide character: show the real one.
    const culprit = symbol ?? near;
    const shown = culprit?.includes(PLACEHOLDER) ? message.replace(`'${culprit}'`, `'${source.substr(start, culprit.length)}'`) : message;
    return [{
      message: shown,
      severity: 'error',
      line: err.line - 1,
      column,
      endLine: err.line - 1,
      endColumn: column + width,
    }];
  }
}

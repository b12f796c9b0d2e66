/**
 * The header of a script file: the `#!lua ...` shebang Redis itself reads, and our `--! KEYS:` /
 * `--! ARGV:` comments that give the runner its inputs. Only lines before the first code line count.
 */
import { ArgsSyntaxError, splitArgs } from './args';
import { LuaProblem } from './problem';

/** What a script's header declares. */
export interface ScriptDirectives {
  keys?: string[];
  args?: string[];
  /** 0-based line of the `--! KEYS:` directive, when there is one. */
  keysLine?: number;
  /** 0-based line of the `--! ARGV:` directive, when there is one. */
  argsLine?: number;
  shebang?: { name?: string; flags: string[]; line: 0 };
  /** Malformed directive and shebang lines. */
  problems: LuaProblem[];
}

/** Flags Redis 7.0 accepts in an EVAL script's shebang. */
export const SCRIPT_FLAGS: readonly string[] = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'];

const DIRECTIVE = /^(\s*--!\s*)(.*)$/;
const NAMED = /^([A-Za-z_][\w-]*)\s*:(.*)$/;
const BLOCK_COMMENT_OPEN = /^\s*--\[(=*)\[/;

function problem(line: number, column: number, endColumn: number, message: string, severity: LuaProblem['severity'] = 'error'): LuaProblem {
  return { message, severity, line, column, endLine: line, endColumn };
}

/** Reads the `#!lua` shebang the way Redis 7.0 does, with its error messages. */
function readShebang(text: string, problems: LuaProblem[]): ScriptDirectives['shebang'] {
  const parts = text.split(/\s+/).filter((p) => p !== '');
  if (parts[0] !== '#!lua') {
    problems.push(problem(0, 0, parts[0]?.length ?? text.length, `Unexpected engine in script shebang: ${parts[0] ?? text}`));
    return undefined;
  }
  const shebang: NonNullable<ScriptDirectives['shebang']> = { flags: [], line: 0 };
  let column = 0;
  for (const part of parts.slice(1)) {
    column = text.indexOf(part, column + 1);
    const end = column + part.length;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (key === 'name') {
      shebang.name = value;
      if (value === '') problems.push(problem(0, column, end, 'Library name was not given'));
    } else if (key === 'flags') {
      shebang.flags = value === '' ? [] : value.split(',');
      for (const flag of shebang.flags) {
        if (!SCRIPT_FLAGS.includes(flag)) problems.push(problem(0, column, end, `Unexpected flag in script shebang: ${flag}`));
      }
    } else {
      problems.push(problem(0, column, end, `Unknown lua shebang option: ${part}`));
    }
  }
  if (shebang.name !== undefined && parts.some((p) => p.startsWith('flags='))) {
    problems.push(problem(0, 0, text.length, 'A library shebang takes only name=; put flags on each redis.register_function'));
  }
  return shebang;
}

/** The 0-based line comments of the header (up to the first code line), outside block comments. */
function headerComments(lines: string[]): number[] {
  const comments: number[] = [];
  let inBlock: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (i === 0 && line.startsWith('#!')) continue;
    if (inBlock !== undefined) {
      if (line.includes(inBlock)) inBlock = undefined;
      continue;
    }
    const open = BLOCK_COMMENT_OPEN.exec(line);
    if (open) {
      const close = `]${open[1]}]`;
      if (!line.slice(open[0].length).includes(close)) inBlock = close;
      continue;
    }
    if (line.trimStart().startsWith('--')) comments.push(i);
    else if (line.trim() !== '') break;
  }
  return comments;
}

/**
 * Reads the header directives of `source`: `--! KEYS: user:1 "a b"` and `--! ARGV: 10 60` (values
 * quoted like redis-cli input), and the `#!lua flags=...` / `#!lua name=...` shebang on line 0.
 */
export function readDirectives(source: string): ScriptDirectives {
  const lines = source.split(/\r?\n/);
  const result: ScriptDirectives = { problems: [] };
  if (lines[0]?.startsWith('#!')) result.shebang = readShebang(lines[0], result.problems);
  for (const i of headerComments(lines)) {
    const m = DIRECTIVE.exec(lines[i]);
    if (!m) continue;
    const offset = m[1].length;
    // Decorative comments (`--!!!`, `--!-----`) are not attempts at a directive.
    if (!/^[A-Za-z]/.test(m[2])) continue;
    const named = NAMED.exec(m[2]);
    if (!named) {
      result.problems.push(problem(i, offset, lines[i].length, 'Malformed directive: expected `--! KEYS: k1 k2` or `--! ARGV: a1 a2`', 'warning'));
      continue;
    }
    const name = named[1].toUpperCase();
    if (name !== 'KEYS' && name !== 'ARGV') {
      result.problems.push(problem(i, offset, offset + named[1].length, `Unknown directive '${named[1]}': only KEYS and ARGV are read`, 'warning'));
      continue;
    }
    const valueOffset = offset + m[2].length - named[2].length;
    let values: string[];
    try {
      values = splitArgs(named[2]).map((t) => t.value);
    } catch (err) {
      if (!(err instanceof ArgsSyntaxError)) throw err;
      const column = valueOffset + err.column;
      const message = err.message.replace(/column \d+/, `column ${column + 1}`);
      result.problems.push(problem(i, column, lines[i].length, `${name} directive: ${message}`));
      continue;
    }
    const field = name === 'KEYS' ? 'keys' : 'args';
    const lineField = name === 'KEYS' ? 'keysLine' : 'argsLine';
    if (result[field] !== undefined) {
      result.problems.push(problem(i, offset, lines[i].length, `Duplicate ${name} directive: the one on line ${(result[lineField] ?? 0) + 1} is used`, 'warning'));
      continue;
    }
    result[field] = values;
    result[lineField] = i;
  }
  return result;
}

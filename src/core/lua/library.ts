/**
 * Function libraries (Redis 7.0+): files starting `#!lua name=<lib>` that register functions with
 * `redis.register_function`.
 */
import type { CallExpression, Expression, Node, StringCallExpression, TableCallExpression, TableConstructorExpression } from 'luaparse';
import { forEachNode } from './checks/walk';
import { parseLua } from './syntax';

/** One `redis.register_function` call. */
export interface RegisteredFunction {
  name: string;
  /** 0-based position of the `redis.register_function` call. */
  line: number;
  column: number;
  flags: string[];
  description?: string;
}

/** A register_function call with the function it registers, for the checks. */
export interface Registration extends RegisteredFunction {
  /** The callback: a function expression, or the name of the local function passed. */
  callback?: Expression;
}

/** The library name from a `#!lua name=<lib>` first line, else undefined. */
export function libraryName(source: string): string | undefined {
  const first = /^#!lua\b([^\r\n]*)/.exec(source);
  const name = first ? /(?:^|\s)name=(\S+)/.exec(first[1]) : null;
  return name?.[1];
}

/** True for `redis.register_function`. */
function isRegisterFunction(base: Expression): boolean {
  return base.type === 'MemberExpression' && base.identifier.name === 'register_function'
    && base.base.type === 'Identifier' && base.base.name === 'redis';
}

function stringValue(e: Expression | undefined): string | undefined {
  return e?.type === 'StringLiteral' && typeof e.value === 'string' ? e.value : undefined;
}

function fromTable(table: TableConstructorExpression): { name?: string; callback?: Expression; flags: string[]; description?: string } {
  const out: { name?: string; callback?: Expression; flags: string[]; description?: string } = { flags: [] };
  for (const field of table.fields) {
    if (field.type !== 'TableKeyString') continue;
    const key = field.key.name;
    if (key === 'function_name') out.name = stringValue(field.value);
    else if (key === 'callback') out.callback = field.value;
    else if (key === 'description') out.description = stringValue(field.value);
    else if (key === 'flags' && field.value.type === 'TableConstructorExpression') {
      for (const f of field.value.fields) {
        const flag = f.type === 'TableValue' ? stringValue(f.value) : undefined;
        if (flag !== undefined) out.flags.push(flag);
      }
    }
  }
  return out;
}

function registrationOf(node: Node): Registration | undefined {
  if (node.type !== 'CallExpression' && node.type !== 'TableCallExpression' && node.type !== 'StringCallExpression') return undefined;
  const call = node as CallExpression | TableCallExpression | StringCallExpression;
  if (!isRegisterFunction(call.base)) return undefined;
  const args: Expression[] = call.type === 'CallExpression' ? call.arguments
    : call.type === 'TableCallExpression' ? [call.arguments] : [call.argument];
  const start = call.loc?.start ?? { line: 1, column: 0 };
  const at = { line: start.line - 1, column: start.column };
  if (args[0]?.type === 'TableConstructorExpression') {
    const t = fromTable(args[0]);
    return t.name === undefined ? undefined : { name: t.name, ...at, flags: t.flags, description: t.description, callback: t.callback };
  }
  const name = stringValue(args[0]);
  return name === undefined ? undefined : { name, ...at, flags: [], callback: args[1] };
}

/** Every `redis.register_function` call in the parsed chunk, with its callback. */
export function registrations(chunk: Node): Registration[] {
  const found: Registration[] = [];
  forEachNode(chunk, (node) => {
    const r = registrationOf(node);
    if (r) found.push(r);
  });
  return found;
}

/** Fallback while the file does not parse (mid-edit): the names, by pattern. */
function registrationsByPattern(source: string): RegisteredFunction[] {
  const found: RegisteredFunction[] = [];
  const lines = source.split(/\r?\n/);
  lines.forEach((text, line) => {
    const call = /redis\.register_function\s*[({]/.exec(text);
    if (!call) return;
    const rest = [text.slice(call.index + call[0].length - 1), ...lines.slice(line + 1, line + 5)].join('\n');
    const name = /^\(\s*(['"])(.+?)\1/.exec(rest)?.[2] ?? /^[({][^]*?function_name\s*=\s*(['"])(.+?)\1/.exec(rest)?.[2];
    if (name !== undefined) found.push({ name, line, column: call.index, flags: [] });
  });
  return found;
}

/**
 * The functions a library registers, in both forms: `redis.register_function('n', fn)` and
 * `redis.register_function{function_name='n', callback=fn, flags={'no-writes'}, description='...'}`.
 * While the file does not parse, names are still found by pattern (without flags).
 */
export function registeredFunctions(source: string): RegisteredFunction[] {
  const chunk = parseLua(source);
  if (!chunk) return registrationsByPattern(source);
  return registrations(chunk).map(({ callback: _callback, ...fn }) => fn);
}


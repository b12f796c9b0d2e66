/**
 * KEYS and ARGV as users type them for `redis-cli --eval file.lua k1 k2 , a1 a2`: whitespace-separated
 * tokens, quoted like redis-cli's own prompt (sdssplitargs), and a lone comma between keys and args.
 */
import calculateSlot from 'cluster-key-slot';

/** The KEYS and ARGV of one script run. */
export interface KeysAndArgs {
  keys: string[];
  args: string[];
}

/** Input that cannot be split; `column` is 0-based, the message names it 1-based for people. */
export class ArgsSyntaxError extends Error {
  constructor(message: string, readonly column: number) {
    super(message);
    this.name = 'ArgsSyntaxError';
  }
}

/** One token of the input with its 0-based [start, end) span. */
export interface ArgToken {
  value: string;
  /** True when any part was quoted: a quoted "," is a value, not the separator. */
  quoted: boolean;
  start: number;
  end: number;
}

const SPACE = /[ \n\r\t\f\v]/;
const HEX = /^[0-9a-fA-F]{2}$/;
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

/**
 * Splits `input` the way redis-cli does: double quotes take `\n \r \t \b \a \xHH` and `\<any>`,
 * single quotes take only `\'`, and a closing quote must be followed by a space or the end.
 * @throws ArgsSyntaxError on an unterminated quote or text glued to a closing quote.
 */
export function splitArgs(input: string): ArgToken[] {
  const tokens: ArgToken[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && SPACE.test(input[i])) i++;
    if (i >= input.length) break;
    const start = i;
    let value = '';
    let quoted = false;
    while (i < input.length && !SPACE.test(input[i])) {
      const c = input[i];
      if (c === '"' || c === "'") {
        quoted = true;
        const read = c === '"' ? readDoubleQuoted(input, i) : readSingleQuoted(input, i);
        value += read.value;
        i = read.end;
        if (i < input.length && !SPACE.test(input[i])) {
          throw new ArgsSyntaxError(`closing quote must be followed by a space (column ${i + 1})`, i);
        }
        break;
      }
      value += c;
      i++;
    }
    tokens.push({ value, quoted, start, end: i });
  }
  return tokens;
}

function readDoubleQuoted(input: string, open: number): { value: string; end: number } {
  let value = '';
  let i = open + 1;
  while (i < input.length) {
    const c = input[i];
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\' && i + 1 < input.length) {
      const next = input[i + 1];
      const hex = input.slice(i + 2, i + 4);
      if (next === 'x' && HEX.test(hex)) {
        value += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        continue;
      }
      value += DOUBLE_QUOTE_ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  throw new ArgsSyntaxError(`unterminated quote starting at column ${open + 1}`, open);
}

function readSingleQuoted(input: string, open: number): { value: string; end: number } {
  let value = '';
  let i = open + 1;
  while (i < input.length) {
    const c = input[i];
    if (c === '\\' && input[i + 1] === "'") {
      value += "'";
      i += 2;
      continue;
    }
    if (c === "'") return { value, end: i + 1 };
    value += c;
    i++;
  }
  throw new ArgsSyntaxError(`unterminated quote starting at column ${open + 1}`, open);
}

/**
 * Parses redis-cli `--eval` syntax: `k1 k2 , a1 a2`. The first unquoted lone `,` separates keys
 * from args (as in redis-cli, later ones are args); without it every token is a key.
 * @throws ArgsSyntaxError naming the cause and the 1-based column.
 */
export function parseKeysAndArgs(input: string): KeysAndArgs {
  const keys: string[] = [];
  const args: string[] = [];
  let sawComma = false;
  for (const token of splitArgs(input)) {
    if (!sawComma && !token.quoted && token.value === ',') {
      sawComma = true;
      continue;
    }
    (sawComma ? args : keys).push(token.value);
  }
  return { keys, args };
}

/** Quotes a value for {@link parseKeysAndArgs} when it would not survive as a bare token. */
export function quoteArg(value: string): string {
  if (value !== '' && value !== ',' && !/[\s"'\\]/.test(value) && !/[\x00-\x1f\x7f]/.test(value)) return value;
  let out = '"';
  for (const c of value) {
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\b') out += '\\b';
    else if (c === '\x07') out += '\\a';
    else if (/[\x00-\x1f\x7f]/.test(c)) out += `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

/** The inverse of {@link parseKeysAndArgs}: `parseKeysAndArgs(formatKeysAndArgs(v))` deep-equals `v`. */
export function formatKeysAndArgs(v: KeysAndArgs): string {
  const keys = v.keys.map(quoteArg).join(' ');
  if (v.args.length === 0) return keys;
  const args = v.args.map(quoteArg).join(' ');
  return keys === '' ? `, ${args}` : `${keys} , ${args}`;
}

/**
 * The distinct cluster slots of `keys` (hash tags honoured), or undefined when they all share one
 * slot (or there are fewer than two keys): a script's keys must share a slot in Redis Cluster.
 */
export function crossSlotKeys(keys: string[]): { slots: number[] } | undefined {
  const slots = [...new Set(keys.map((k) => calculateSlot(k)))];
  return slots.length > 1 ? { slots } : undefined;
}

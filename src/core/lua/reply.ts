/**
 * A script's reply as plain data for the results panel and the run history: a tree of typed
 * nodes, cut to size (long arrays and strings carry a `truncated` count), plus the two ways of
 * copying it (JSON, redis-cli text) and a one-line summary.
 *
 * What ioredis 6 (6.0.0, tried against Redis 7.0.15 with `callBuffer('EVAL', ...)`) actually hands
 * over, which decides what can be shown:
 * - `protocol: 2`, and `protocol: 3` with the default `replyMapping: "legacy"`: identical shapes.
 *   Integers are numbers, bulk and status replies are both Buffers (a status reply such as
 *   `redis.status_reply('OK')` cannot be told from the bulk string "OK"), nil is null, arrays are
 *   arrays, a nested error is an Error (ReplyError) inside the array. RESP3 types from a script
 *   that calls `redis.setresp(3)` are flattened: a map arrives as a flat [k, v, ...] array, a double
 *   as a Buffer ("3.5"), a boolean as 1/0, a set as an array. Only a big number stays
 *   distinguishable (a JS string). On a RESP2 connection the server itself converts them the same
 *   way, so nothing RESP3 is left to show there.
 * - `protocol: 3` with `replyMapping: "resp3"`: a map arrives as a plain object with string keys
 *   (binary keys decoded lossily as UTF-8, integer keys turned into strings), a double as a JS
 *   number (Infinity for inf; an integral double such as 3.0 cannot be told from an integer), a
 *   boolean as a JS boolean. `toReplyTree` maps those to `map`, `double` and `bool`.
 * - `stringNumbers: true` makes integers (and, with RESP3, doubles) arrive as decimal strings; they
 *   are recognised as such. Integers from a Lua script are Lua numbers (doubles) on the server, so
 *   an EVAL reply never carries an integer a JS number cannot hold exactly.
 */
import { isUtf8 } from 'node:buffer';
import { displayKey } from '../keyspace/keyName';
import { isText } from '../values/format';

/** One node of a reply. `truncated` counts what was left out (items, entries or bytes). */
export type ReplyNode =
  | { t: 'nil' }
  /** Decimal text, so nothing is lost to floating point. */
  | { t: 'int'; value: string }
  /**
   * A bulk or status string. `size` is the whole string's length in bytes; `text` covers the first
   * `size - (truncated ?? 0)` bytes. `binary`: not printable UTF-8, so `text` is an escaped display
   * (`\xNN`) and `hex` holds the exact bytes shown. `json`: the (whole) text is a JSON object or array.
   */
  | { t: 'bulk'; text: string; hex?: string; size: number; binary: boolean; json?: boolean; truncated?: number }
  /** An error element inside an array reply (a top-level error rejects the call instead). */
  | { t: 'error'; text: string }
  | { t: 'array'; items: ReplyNode[]; truncated?: number }
  /** RESP3 only (see above for when ioredis delivers one). */
  | { t: 'map'; entries: [ReplyNode, ReplyNode][]; truncated?: number }
  /** RESP3 only; the value as Redis spells it ("3.5", "inf", "-inf", "nan"). */
  | { t: 'double'; value: string }
  /** RESP3 only. */
  | { t: 'bool'; value: boolean };

/** How much of a reply is kept. */
export interface ReplyLimits {
  /** Items (or map entries) kept per array or map. Default 1,000. */
  maxItems?: number;
  /** Bytes kept per string. Default 64 KiB. */
  maxBytes?: number;
  /** Nodes kept in the whole tree. Default 10,000. */
  maxNodes?: number;
  /**
   * Roughly the size of the whole tree as JSON: every node costs NODE_COST, a string its bytes
   * (a binary one six times: escaped text and hex); once spent, arrays and maps stop. Default 1 MiB.
   */
  maxTotalBytes?: number;
}

/** What one node adds to a tree's JSON, about, before any string content. */
const NODE_COST = 32;
const DEFAULT_LIMITS: Required<ReplyLimits> = { maxItems: 1000, maxBytes: 64 * 1024, maxNodes: 10_000, maxTotalBytes: 1024 * 1024 };

class Budget {
  readonly maxItems: number;
  readonly maxBytes: number;
  nodes: number;
  bytes: number;

  constructor(limits: ReplyLimits | undefined) {
    const l = { ...DEFAULT_LIMITS, ...definedOnly(limits ?? {}) };
    this.maxItems = Math.max(0, l.maxItems);
    this.maxBytes = Math.max(0, l.maxBytes);
    this.nodes = Math.max(1, l.maxNodes);
    this.bytes = Math.max(0, l.maxTotalBytes);
  }

  /** One more node. */
  spend(): void {
    this.nodes--;
    this.bytes -= NODE_COST;
  }

  /** Room for another item (two nodes, for a map entry). */
  room(nodes: number): boolean {
    return this.nodes >= nodes && this.bytes > 0;
  }
}

function definedOnly(limits: ReplyLimits): ReplyLimits {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => typeof v === 'number' && !Number.isNaN(v)));
}

/** Strings up to this size are checked whole for being text. */
const WHOLE_CHECK_BYTES = 8 * 1024 * 1024;
const INTEGER = /^-?\d+$/;
const DOUBLE = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|inf|nan)$/i;

/**
 * Turns a raw ioredis reply (from `callBuffer`: Buffer | number | null | array | Error, and with
 * RESP3 mapping also plain objects, Maps, booleans and non-integral numbers) into a ReplyNode
 * tree, cut to `limits`.
 */
export function toReplyTree(reply: unknown, limits?: ReplyLimits): ReplyNode {
  return fromRaw(reply, new Budget(limits));
}

function fromRaw(value: unknown, budget: Budget): ReplyNode {
  budget.spend();
  if (value === null || value === undefined) return { t: 'nil' };
  if (Buffer.isBuffer(value)) return bulk(value, value.length, budget);
  if (value instanceof Uint8Array) return bulk(Buffer.from(value), value.length, budget);
  if (value instanceof Error) return { t: 'error', text: cutText(value.message, budget.maxBytes) };
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? { t: 'int', value: String(value) } : { t: 'double', value: doubleText(value) };
    case 'bigint':
      return { t: 'int', value: value.toString() };
    case 'boolean':
      return { t: 'bool', value };
    case 'string':
      // Strings arrive as Buffers; a JS string is a RESP3 big number or a `stringNumbers` number.
      if (INTEGER.test(value)) return { t: 'int', value };
      if (DOUBLE.test(value)) return { t: 'double', value: value.toLowerCase() };
      return bulk(Buffer.from(value, 'utf8'), Buffer.byteLength(value, 'utf8'), budget);
  }
  if (Array.isArray(value)) return array(value, budget, fromRaw);
  if (value instanceof Set) return array([...value], budget, fromRaw);
  if (value instanceof Map) return map([...value.entries()], budget, fromRaw);
  // ioredis's RESP3 map: its keys are strings whatever they were, so they stay strings here.
  if (typeof value === 'object') return map(Object.entries(value).map(([k, v]): [Buffer, unknown] => [Buffer.from(k, 'utf8'), v]), budget, fromRaw);
  return bulk(Buffer.from(String(value), 'utf8'), Buffer.byteLength(String(value), 'utf8'), budget);
}

function doubleText(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return String(n);
}

function array<T>(values: T[], budget: Budget, each: (v: T, b: Budget) => ReplyNode): ReplyNode {
  const items: ReplyNode[] = [];
  for (const v of values) {
    if (items.length >= budget.maxItems || !budget.room(1)) break;
    items.push(each(v, budget));
  }
  const node: ReplyNode = { t: 'array', items };
  if (items.length < values.length) node.truncated = values.length - items.length;
  return node;
}

function map<K, V>(pairs: [K, V][], budget: Budget, each: (v: K | V, b: Budget) => ReplyNode): ReplyNode {
  const entries: [ReplyNode, ReplyNode][] = [];
  for (const [k, v] of pairs) {
    if (entries.length >= budget.maxItems || !budget.room(2)) break;
    entries.push([each(k, budget), each(v, budget)]);
  }
  const node: ReplyNode = { t: 'map', entries };
  if (entries.length < pairs.length) node.truncated = pairs.length - entries.length;
  return node;
}

/** A string node for `bytes` (the whole string, or its first part when `size` is larger). */
function bulk(bytes: Buffer, size: number, budget: Budget, knownBinary?: boolean): ReplyNode {
  // Judge the whole string where there is one (the first bytes of a binary value can be valid
  // UTF-8); past a few MB, judge the part that can be shown rather than scan it all.
  const binary = knownBinary ?? !isText(bytes.length <= WHOLE_CHECK_BYTES ? bytes : trimToCharBoundary(bytes.subarray(0, budget.maxBytes)));
  // A binary string is kept twice (escaped text, up to 4 characters a byte, and hex).
  const perByte = binary ? 6 : 1;
  const room = Math.max(0, Math.min(budget.maxBytes, Math.floor(budget.bytes / perByte)));
  let shown = bytes;
  if (bytes.length > room) shown = binary ? bytes.subarray(0, room) : trimToCharBoundary(bytes.subarray(0, room));
  budget.bytes -= shown.length * perByte;
  const node: Extract<ReplyNode, { t: 'bulk' }> = binary
    ? { t: 'bulk', text: displayKey(shown), hex: shown.toString('hex'), size, binary: true }
    : { t: 'bulk', text: shown.toString('utf8'), size, binary: false };
  if (shown.length < size) node.truncated = size - shown.length;
  else if (!binary && looksLikeJson(node.text)) node.json = true;
  return node;
}

/** A cut UTF-8 prefix may end inside a character: drop up to 3 bytes to end on a boundary. */
function trimToCharBoundary(bytes: Buffer): Buffer {
  for (let cut = 0; cut <= 3 && cut < bytes.length; cut++) {
    const candidate = bytes.subarray(0, bytes.length - cut);
    if (isUtf8(candidate)) return candidate;
  }
  return bytes;
}

function cutText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Only objects and arrays count: "5" or "true" parse as JSON too, but there is nothing to pretty-print. */
function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (!((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']')))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/**
 * Cuts an existing tree down to `limits` (for storing it, e.g. in the run history); counts of
 * what was already left out are kept and added to.
 */
export function limitReply(node: ReplyNode, limits: ReplyLimits): ReplyNode {
  return limitNode(node, new Budget(limits));
}

function limitNode(node: ReplyNode, budget: Budget): ReplyNode {
  budget.spend();
  switch (node.t) {
    case 'bulk': {
      const bytes = node.binary ? Buffer.from(node.hex ?? '', 'hex') : Buffer.from(node.text, 'utf8');
      return bulk(bytes, node.size, budget, node.binary);
    }
    case 'error':
      return { t: 'error', text: cutText(node.text, budget.maxBytes) };
    case 'array': {
      const out = array(node.items, budget, limitNode) as Extract<ReplyNode, { t: 'array' }>;
      const truncated = (out.truncated ?? 0) + (node.truncated ?? 0);
      return truncated ? { ...out, truncated } : out;
    }
    case 'map': {
      const out = map(node.entries, budget, limitNode) as Extract<ReplyNode, { t: 'map' }>;
      const truncated = (out.truncated ?? 0) + (node.truncated ?? 0);
      return truncated ? { ...out, truncated } : out;
    }
    default:
      return node;
  }
}

/** Marker for the part of a truncated array, map or string that was not kept. */
export const TRUNCATED_KEY = '$truncated';

/**
 * The reply as JSON-able data, for "Copy as JSON": nil -> null, integers -> numbers (strings past
 * 2^53), strings -> strings (binary ones as {"hex": "..."}), errors -> {"error": "..."}, maps ->
 * objects when every key is a text string (else [key, value] pairs), doubles -> numbers (inf and
 * nan as strings), booleans -> booleans. What was cut off is marked: an array or map gets a last
 * {"$truncated": n} element (n items left out), a string becomes {"text", "$truncated": bytes}.
 */
export function replyToJson(node: ReplyNode): unknown {
  switch (node.t) {
    case 'nil':
      return null;
    case 'int': {
      const n = Number(node.value);
      return Number.isSafeInteger(n) ? n : node.value;
    }
    case 'double': {
      const n = Number(node.value);
      return Number.isFinite(n) ? n : node.value;
    }
    case 'bool':
      return node.value;
    case 'error':
      return { error: node.text };
    case 'bulk': {
      const value = node.binary ? { hex: node.hex ?? '' } : node.text;
      if (!node.truncated) return value;
      return node.binary ? { hex: node.hex ?? '', [TRUNCATED_KEY]: node.truncated } : { text: node.text, [TRUNCATED_KEY]: node.truncated };
    }
    case 'array': {
      const items = node.items.map(replyToJson);
      if (node.truncated) items.push({ [TRUNCATED_KEY]: node.truncated });
      return items;
    }
    case 'map': {
      const keys = node.entries.map(([k]) => (k.t === 'bulk' && !k.binary && !k.truncated ? k.text : undefined));
      const textKeys = keys.every((k) => k !== undefined) && new Set(keys).size === keys.length && !keys.includes(TRUNCATED_KEY);
      if (textKeys) {
        const out: Record<string, unknown> = {};
        // defineProperty: a key such as "__proto__" is data here, not the prototype setter.
        node.entries.forEach(([, v], i) => Object.defineProperty(out, keys[i] as string, { value: replyToJson(v), enumerable: true, writable: true, configurable: true }));
        if (node.truncated) out[TRUNCATED_KEY] = node.truncated;
        return out;
      }
      const pairs: unknown[] = node.entries.map(([k, v]) => [replyToJson(k), replyToJson(v)]);
      if (node.truncated) pairs.push({ [TRUNCATED_KEY]: node.truncated });
      return pairs;
    }
  }
}

/** A string as redis-cli quotes it: "..." with quotes, backslashes and control characters escaped. */
export function quoteReplyString(node: Extract<ReplyNode, { t: 'bulk' }>): string {
  // A binary string's display (displayKey) already escapes every unprintable byte and the backslash.
  const body = node.binary
    ? node.text.replace(/"/g, '\\"')
    : node.text.replace(/[\u0000-\u001f\u007f\\"]/g, (c) => {
        switch (c) {
          case '\n':
            return '\\n';
          case '\r':
            return '\\r';
          case '\t':
            return '\\t';
          case '\\':
          case '"':
            return `\\${c}`;
          default:
            return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
        }
      });
  return `"${body}"`;
}

/** A scalar node as redis-cli prints it; undefined for arrays and maps. */
function scalarText(node: ReplyNode): string | undefined {
  switch (node.t) {
    case 'nil':
      return '(nil)';
    case 'int':
      return `(integer) ${node.value}`;
    case 'double':
      return `(double) ${node.value}`;
    case 'bool':
      return node.value ? '(true)' : '(false)';
    case 'error':
      return `(error) ${node.text}`;
    case 'bulk':
      return node.truncated ? `${quoteReplyString(node)}… (${node.truncated.toLocaleString('en-US')} more bytes)` : quoteReplyString(node);
    default:
      return undefined;
  }
}

/** One line about a reply: "(integer) 3", "\"OK\"", "(nil)", "array of 5", "map of 2", ... */
export function replySummary(node: ReplyNode, maxLength = 80): string {
  switch (node.t) {
    case 'array': {
      const n = node.items.length + (node.truncated ?? 0);
      return n === 0 ? '(empty array)' : `array of ${n.toLocaleString('en-US')}`;
    }
    case 'map': {
      const n = node.entries.length + (node.truncated ?? 0);
      return n === 0 ? '(empty map)' : `map of ${n.toLocaleString('en-US')}`;
    }
    case 'bulk': {
      const quoted = quoteReplyString(node);
      return quoted.length > maxLength || node.truncated ? `${quoted.slice(0, maxLength - 1)}…` : quoted;
    }
    default: {
      const text = scalarText(node) ?? '';
      return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
    }
  }
}

/**
 * The reply as redis-cli prints it, for "Copy reply as text": numbered array items ("1) ",
 * right-aligned when there are ten or more), nested arrays indented under their number, map
 * entries as `1# key => value`, and a line saying how much was left out of a truncated array.
 */
export function replyToText(node: ReplyNode): string {
  return textLines(node).join('\n');
}

function textLines(node: ReplyNode): string[] {
  const scalar = scalarText(node);
  if (scalar !== undefined) return [scalar];
  const rows: { marker: string; lines: string[] }[] = [];
  let omitted: number | undefined;
  if (node.t === 'array') {
    if (node.items.length === 0 && !node.truncated) return ['(empty array)'];
    node.items.forEach((item, i) => rows.push({ marker: `${i + 1})`, lines: textLines(item) }));
    omitted = node.truncated;
  } else if (node.t === 'map') {
    if (node.entries.length === 0 && !node.truncated) return ['(empty map)'];
    node.entries.forEach(([k, v], i) => {
      const key = textLines(k);
      const value = textLines(v);
      const keyText = key.length === 1 ? key[0] : replySummary(k);
      rows.push({ marker: `${i + 1}#`, lines: [`${keyText} => ${value[0]}`, ...value.slice(1).map((l) => `${' '.repeat(keyText.length + 4)}${l}`)] });
    });
    omitted = node.truncated;
  }
  const width = Math.max(0, ...rows.map((r) => r.marker.length));
  const out: string[] = [];
  for (const row of rows) {
    const prefix = `${row.marker.padStart(width)} `;
    row.lines.forEach((line, j) => out.push(j === 0 ? prefix + line : ' '.repeat(prefix.length) + line));
  }
  if (omitted) out.push(`… ${omitted.toLocaleString('en-US')} more ${node.t === 'map' ? 'entries' : 'items'} not shown`);
  return out;
}

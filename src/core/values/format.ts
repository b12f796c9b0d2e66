/**
 * How a value's bytes are shown and how an edited value turns back into bytes. UTF-8 text is shown
 * as text, JSON objects and arrays pretty-printed (number literals kept verbatim, so big integers
 * survive a round trip), anything else as a hex dump.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { ValueInputError } from './errors';

export type ValueKind = 'text' | 'json' | 'binary';

/** How an edited value is read back: as UTF-8 text, as JSON (checked), or as hex bytes. */
export type EditMode = 'text' | 'json' | 'hex';

export interface FormattedValue {
  kind: ValueKind;
  /** Text for display and editing: the text itself, pretty JSON, or a hex dump. */
  text: string;
  /** JSON only: the stored value had no whitespace between tokens, so a save compacts it again. */
  compactJson?: boolean;
  /** Bytes of the whole value. */
  size: number;
  /** True when `text` covers only the first `maxBytes` bytes. */
  truncated: boolean;
}

/** True for valid UTF-8 without control characters other than tab, newline and carriage return. */
export function isText(buf: Buffer): boolean {
  if (!isUtf8(buf)) return false;
  for (const byte of buf) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) return false;
  }
  return true;
}

/**
 * Formats `value` for display. With `maxBytes`, only that many leading bytes are formatted (cut
 * back to a UTF-8 character boundary) and `truncated` says so; `size` is always the full length.
 */
export function formatValue(value: Buffer, maxBytes = Infinity, totalSize = value.length): FormattedValue {
  const truncated = value.length > maxBytes || totalSize > value.length;
  let bytes = value.length > maxBytes ? value.subarray(0, maxBytes) : value;
  if (truncated) bytes = trimToCharBoundary(bytes);
  const size = Math.max(totalSize, value.length);
  if (!isText(bytes)) return { kind: 'binary', text: hexDump(value.length > maxBytes ? value.subarray(0, maxBytes) : value), size, truncated };
  const text = bytes.toString('utf8');
  if (!truncated && looksLikeJson(text)) {
    return { kind: 'json', text: reindentJson(text, 2), compactJson: compactJson(text) === text, size, truncated };
  }
  return { kind: 'text', text, size, truncated };
}

/** A truncated UTF-8 prefix may end inside a character: drop up to 3 bytes to end on a boundary. */
function trimToCharBoundary(bytes: Buffer): Buffer {
  for (let cut = 0; cut <= 3 && cut < bytes.length; cut++) {
    const candidate = bytes.subarray(0, bytes.length - cut);
    if (isUtf8(candidate)) return candidate;
  }
  return bytes;
}

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

/** Classic 16-bytes-a-line dump: offset, hex bytes, printable ASCII. */
export function hexDump(buf: Buffer): string {
  const lines: string[] = [];
  for (let offset = 0; offset < buf.length; offset += 16) {
    const row = buf.subarray(offset, offset + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  return lines.join('\n');
}

/**
 * Reads hex bytes back: either a dump as `hexDump` writes it (offsets and the ASCII column are
 * ignored) or plain hex digits with any whitespace. Throws ValueInputError naming the bad part.
 */
export function parseHex(text: string): Buffer {
  const digits: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/\s*\|.*\|\s*$/, '').trim();
    if (/^[0-9a-f]{8}\s{2}/i.test(line)) line = line.slice(8);
    const compact = line.replace(/\s+/g, '');
    if (!/^[0-9a-f]*$/i.test(compact)) {
      const bad = /[^0-9a-f\s]/i.exec(line)?.[0] ?? '?';
      throw new ValueInputError(`'${bad}' is not a hex digit (in "${rawLine.trim().slice(0, 40)}")`);
    }
    digits.push(compact);
  }
  const all = digits.join('');
  if (all.length % 2) throw new ValueInputError(`odd number of hex digits (${all.length}): each byte needs two`);
  return Buffer.from(all, 'hex');
}

/**
 * Turns edited text back into bytes. `json` checks the text parses and, when `compact` is set
 * (the stored value was compact), removes the whitespace the pretty-printing added.
 */
export function parseEdited(text: string, mode: EditMode, compact = false): Buffer {
  if (mode === 'hex') return parseHex(text);
  if (mode === 'json') {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new ValueInputError(`not valid JSON: ${(e as Error).message}`);
    }
    return Buffer.from(compact ? compactJson(text) : text, 'utf8');
  }
  return Buffer.from(text, 'utf8');
}

/** SHA-1 of a value, hex: lets a write check the value it replaces without shipping it around. */
export function valueDigest(value: Buffer): string {
  return createHash('sha1').update(value).digest('hex');
}

/** Walks JSON text token by token, strings and literals kept verbatim, whitespace between tokens dropped. */
function jsonTokens(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      tokens.push(text.slice(i, j + 1));
      i = j + 1;
    } else if (/\s/.test(c)) {
      i++;
    } else if ('{}[],:'.includes(c)) {
      tokens.push(c);
      i++;
    } else {
      let j = i;
      while (j < text.length && !/[\s{}[\],:"]/.test(text[j])) j++;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

/** JSON without whitespace between tokens; literals untouched. */
export function compactJson(text: string): string {
  return jsonTokens(text).join('');
}

/** JSON indented by `indent` spaces; literals untouched (unlike JSON.parse + stringify). */
export function reindentJson(text: string, indent: number): string {
  const tokens = jsonTokens(text);
  let out = '';
  let depth = 0;
  const newline = () => `\n${' '.repeat(depth * indent)}`;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const next = tokens[k + 1];
    if (t === '{' || t === '[') {
      const close = t === '{' ? '}' : ']';
      if (next === close) {
        out += t + close;
        k++;
        continue;
      }
      depth++;
      out += t + newline();
    } else if (t === '}' || t === ']') {
      depth--;
      out += newline() + t;
    } else if (t === ',') {
      out += `,${newline()}`;
    } else if (t === ':') {
      out += ': ';
    } else {
      out += t;
    }
  }
  return out;
}

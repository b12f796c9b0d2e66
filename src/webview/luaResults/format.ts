/** Text for the results panel: redis-cli quoting, hex dumps, JSON indenting, sizes and times. */
import type { WireReply } from '../protocol/luaResults';

type Bulk = Extract<WireReply, { t: 'bulk' }>;

/** A string as redis-cli quotes it (the same rule as quoteReplyString in src/core/lua/reply.ts). */
export function quote(node: Bulk): string {
  // A binary string's display already escapes unprintable bytes and the backslash.
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

/** `text` cut to `max` characters with an ellipsis. */
export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Classic 16-bytes-a-line dump (offset, hex, printable ASCII) of hex digits. */
export function hexDump(hex: string): string {
  const lines: string[] = [];
  for (let offset = 0; offset * 2 < hex.length; offset += 16) {
    const bytes: number[] = [];
    for (let i = offset * 2; i < Math.min(hex.length, (offset + 16) * 2); i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
    const hexPart = bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = bytes.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hexPart.padEnd(47)}  |${ascii}|`);
  }
  return lines.join('\n');
}

/** JSON tokens, strings and literals verbatim (so big numbers keep every digit), whitespace dropped. */
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

/** JSON indented by two spaces, every literal exactly as Redis returned it (unlike JSON.parse + stringify). */
export function prettyJson(text: string): string {
  const tokens = jsonTokens(text);
  let out = '';
  let depth = 0;
  const newline = (): string => `\n${'  '.repeat(depth)}`;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t === '{' || t === '[') {
      const close = t === '{' ? '}' : ']';
      if (tokens[k + 1] === close) {
        out += t + close;
        k++;
        continue;
      }
      depth++;
      out += t + newline();
    } else if (t === '}' || t === ']') {
      depth = Math.max(0, depth - 1);
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

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** 0.42 -> "0.42 ms", 12.345 -> "12.3 ms", 2345 -> "2.35 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 1 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

export function formatTime(when: number): string {
  return new Date(when).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatDateTime(when: number): string {
  return new Date(when).toLocaleString();
}

/** One value as redis-cli syntax would take it back: quoted when empty or holding spaces, quotes or backslashes. */
function cliValue(value: string): string {
  return value === '' || /[\s"'\\]/.test(value) ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"` : value;
}

/** "KEYS user:1 · ARGV 10 "a b"", or "no KEYS or ARGV". */
export function keysAndArgs(keys: readonly string[], args: readonly string[]): string {
  const parts: string[] = [];
  if (keys.length) parts.push(`KEYS ${keys.map(cliValue).join(' ')}`);
  if (args.length) parts.push(`ARGV ${args.map(cliValue).join(' ')}`);
  return parts.length ? parts.join(' · ') : 'no KEYS or ARGV';
}

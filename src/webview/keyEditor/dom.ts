/** Key editor helpers on top of the shared DOM builders (which set text only through text nodes). */

export { append, button, clear, el } from '../shared/dom';

/** First line of a value, whitespace collapsed, cut to `max` characters: for one-line table cells. */
export function oneLine(text: string, max = 300): string {
  const flat = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const collapsed = flat.replace(/\s+/g, ' ').trim();
  return collapsed.length > max ? `${collapsed.slice(0, max)}…` : collapsed;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** 3723000 -> "1h 2m 3s"; -1 -> "no expiry". */
export function formatTtl(ms: number): string {
  if (ms === -1) return 'no expiry';
  if (ms === -2) return 'gone';
  if (ms < 1000) return `${ms} ms`;
  let s = Math.floor(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  if (s || parts.length === 0) parts.push(`${s}s`);
  return parts.slice(0, 3).join(' ');
}

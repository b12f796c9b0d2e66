/** Stream viewer helpers on top of the shared DOM builders (which set text only through text nodes). */

export { append, button, clear, el } from '../shared/dom';

/** First line of a text, whitespace collapsed, cut to `max` characters: for one-line table cells. */
export function oneLine(text: string, max = 400): string {
  const flat = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const collapsed = flat.replace(/\s+/g, ' ').trim();
  return collapsed.length > max ? `${collapsed.slice(0, max)}…` : collapsed;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** A duration for idle times: "850 ms", "12.3 s", "4m 05s", "2h 10m", "3d 4h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local time an entry id's milliseconds stand for: "2024-05-01 12:00:00.123". */
export function idTime(id: string): string {
  const ms = Number(id.split('-')[0]);
  if (!Number.isFinite(ms) || ms > 8.64e15) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Orders two entry ids as Redis does (both parts unsigned 64-bit): negative when `a` comes first. */
export function compareIds(a: string, b: string): number {
  const [am, as = '0'] = a.split('-');
  const [bm, bs = '0'] = b.split('-');
  const x = BigInt(am);
  const y = BigInt(bm);
  if (x !== y) return x < y ? -1 : 1;
  const p = BigInt(as);
  const q = BigInt(bs);
  return p === q ? 0 : p < q ? -1 : 1;
}

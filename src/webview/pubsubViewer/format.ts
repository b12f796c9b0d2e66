/** Display helpers for the pub/sub viewer (plain strings; the DOM builders set them as text). */
import type { WireMessage } from '../protocol/pubsubViewer';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? formatCount(Math.round(perSecond)) : perSecond.toLocaleString('en-US', { maximumFractionDigits: 1 });
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

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** 24-hour local time with milliseconds: 14:03:07.042. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Whitespace collapsed, cut to `max` characters: for one-line cells. */
export function oneLine(text: string, max = 300): string {
  const flat = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const collapsed = flat.replace(/\s+/g, ' ').trim();
  return collapsed.length > max ? `${collapsed.slice(0, max)}…` : collapsed;
}

/** The payload cell: the text's first line, or the hex bytes marked as such. */
export function payloadCell(m: WireMessage): string {
  const body = oneLine(m.preview);
  const more = m.truncated && !body.endsWith('…') ? '…' : '';
  return m.binary ? `⟨binary ${formatBytes(m.size)}⟩ ${body}${more}` : `${body}${more}`;
}

/** The pattern column: the pattern that matched, or "(shard)" for a shard message. */
export function patternCell(m: WireMessage): string {
  if (m.kind === 'smessage') return '(shard)';
  return m.pattern ?? '';
}

/** True when the filter text occurs in the channel or the payload preview (case-insensitive). */
export function matches(m: WireMessage, needle: string): boolean {
  if (!needle) return true;
  return m.channel.toLowerCase().includes(needle) || m.preview.toLowerCase().includes(needle) || (m.pattern?.toLowerCase().includes(needle) ?? false);
}

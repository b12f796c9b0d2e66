/**
 * Number formatting shared by the Markdown export and the report webview (no imports, so the
 * browser bundle can take it as is).
 */

/** 1536 -> "1.5 KB"; 0 -> "0 B". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : trim(value)} ${units[unit]}`;
}

/** 1234567 -> "1,234,567". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 75 -> "75%", 12.34 -> "12.3%". */
export function formatPct(pct: number): string {
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)}%`;
}

/** Milliseconds as the largest sensible unit: "42 s", "17 min", "5.5 h", "3 d". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${trim(s)} s`;
  if (s < 3600) return `${trim(s / 60)} min`;
  if (s < 86_400) return `${trim(s / 3600)} h`;
  return `${trim(s / 86_400)} d`;
}

/** Microseconds (SLOWLOG) as "850 µs" or "12.5 ms". */
export function formatMicros(us: number): string {
  if (us < 1000) return `${us} µs`;
  if (us < 1_000_000) return `${trim(us / 1000)} ms`;
  return `${trim(us / 1_000_000)} s`;
}

/** Three significant figures at most, no trailing ".0": 1.5, 12.5, 512. */
function trim(n: number): string {
  return n >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}

/** Short human forms for tree descriptions: TTLs and counts. */

/**
 * A TTL in milliseconds as the tree shows it: "45s", "2h 10m", "3d 4h"; -1 (no expiry) is
 * "no TTL"; -2 (key gone) is "expired".
 */
export function formatTtl(pttl: number): string {
  if (pttl === -1) return 'no TTL';
  if (pttl < 0) return 'expired';
  const s = Math.ceil(pttl / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return h ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return sec ? `${m}m ${sec}s` : `${m}m`;
  return `${sec}s`;
}

/** "1,234", or "1,200+" while the count may still grow (a partial scan). */
export function formatCount(n: number, partial: boolean): string {
  return `${n.toLocaleString('en-US')}${partial ? '+' : ''}`;
}

/** Parses a TTL typed by a person: "90", "90s", "15m", "2h", "1d", "1h30m". Undefined if invalid. */
export function parseTtl(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  const re = /(\d+)\s*(d|h|m|s)/g;
  let total = 0;
  let consumed = '';
  for (const m of t.matchAll(re)) {
    total += Number(m[1]) * { d: 86_400, h: 3600, m: 60, s: 1 }[m[2] as 'd' | 'h' | 'm' | 's'];
    consumed += m[0];
  }
  return consumed.replace(/\s/g, '') === t.replace(/\s/g, '') && consumed ? total : undefined;
}

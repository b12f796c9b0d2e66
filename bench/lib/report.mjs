/**
 * What every suite shares: medians, the printed table, and bench/results/<suite>.json in the
 * format DESIGN.md gives: {"suite","when","node","redis","metrics":{name:{value,unit}}}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rounds for display and the results file: 3 significant digits below 100, integers above. */
export function round(value) {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value);
  if (abs >= 10) return Math.round(value * 10) / 10;
  if (abs >= 1) return Math.round(value * 100) / 100;
  return Math.round(value * 1000) / 1000;
}

/**
 * A metric row: `target` is { op: '<' | '<=', limit } or undefined (a reference or an
 * informational figure, no verdict).
 */
export function verdict(row) {
  if (!row.target) return '';
  const { op, limit } = row.target;
  const ok = op === '<' ? row.value < limit : op === '<=' ? row.value <= limit : false;
  return ok ? 'pass' : 'FAIL';
}

export function formatTable(rows) {
  const cells = rows.map((r) => [r.name, String(round(r.value)), r.unit, r.target ? `${r.target.op} ${r.target.limit}` : r.note ?? '', verdict(r)]);
  const head = ['metric', 'value', 'unit', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((v, i) => (i === 1 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i === 1 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...cells.map(line)].join('\n');
}

export function writeResults(file, { suite, redis, rows }) {
  const metrics = Object.fromEntries(rows.map((r) => [r.name, { value: round(r.value), unit: r.unit }]));
  const doc = { suite, when: new Date().toISOString(), node: process.version, redis, metrics };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return doc;
}

/**
 * bench/lib/report.mjs's table, with verdicts for `>=` / `>` targets too (pubsub_ingest_ratio is
 * "at least 0.9"; the shared `verdict` knows only `<` and `<=`). Same layout as the shared table.
 */
import { round, verdict as sharedVerdict } from '../lib/report.mjs';

export function verdict(row) {
  if (!row.target || (row.target.op !== '>=' && row.target.op !== '>')) return sharedVerdict(row);
  const { op, limit } = row.target;
  return (op === '>=' ? row.value >= limit : row.value > limit) ? 'pass' : 'FAIL';
}

export function formatTable(rows) {
  const cells = rows.map((r) => [r.name, String(round(r.value)), r.unit, r.target ? `${r.target.op} ${r.target.limit}` : r.note ?? '', verdict(r)]);
  const head = ['metric', 'value', 'unit', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((v, i) => (i === 1 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i === 1 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...cells.map(line)].join('\n');
}

/** The report's top half: header, summary cards, charts and the namespace table. */
import { formatBytes, formatCount, formatDuration, formatMicros, formatPct } from '../../core/keyspace/health/format';
import type { HealthReportView, NamespaceView } from '../protocol/healthReport';
import { Bar, barChart } from './chart';
import { Child, button, el, table } from './dom';

/** Series classes in display order; styles.css maps them to --vscode-charts-* colours. */
const SERIES = ['series-0', 'series-1', 'series-2', 'series-3', 'series-4', 'series-5'];

export interface Handlers {
  exportMarkdown(): void;
  rerun(mode: 'sample' | 'full'): void;
  openKey(token: string): void;
}

export function header(r: HealthReportView, h: Handlers, busy: boolean): HTMLElement {
  const scope = r.mode === 'full' ? 'Full scan' : 'Sample';
  const when = new Date(r.startedAt).toLocaleString();
  const meta = `${scope} of ${formatCount(r.analyzed)} of ${formatCount(r.totalKeys)} keys${r.cluster ? ` on ${r.nodes.length} masters` : ''} · ${when} · took ${formatDuration(r.durationMs)}`;
  return el(
    'header',
    { class: 'report-header' },
    el(
      'div',
      { class: 'title' },
      el('h1', {}, 'Keyspace health ', el('span', { class: 'target' }, r.target)),
      el('p', { class: 'meta' }, meta, r.exact ? false : el('span', { class: 'badge' }, 'estimates')),
      r.denied ? el('p', { class: 'note' }, `${formatCount(r.denied)} keys are outside this ACL user's key patterns and are left out.`) : false,
    ),
    el(
      'div',
      { class: 'actions' },
      busy ? el('span', { class: 'busy', role: 'status' }, 'Re-running…') : false,
      button('Re-run sample', () => h.rerun('sample'), { class: 'secondary', disabled: busy }),
      button('Re-run full scan', () => h.rerun('full'), { class: 'secondary', disabled: busy }),
      button('Export as Markdown', () => h.exportMarkdown(), { class: 'primary' }),
    ),
  );
}

function card(label: string, value: string, sub: Child, tone: 'ok' | 'warn' | 'bad' | 'plain' = 'plain'): HTMLElement {
  return el('div', { class: `card tone-${tone}` }, el('div', { class: 'card-label' }, label), el('div', { class: 'card-value' }, value), el('div', { class: 'card-sub' }, sub));
}

/** A count as the report states it: exact, or "≈ estimate" for a sample. */
export function count(r: HealthReportView, exact: number, estimate: number): string {
  return r.exact ? formatCount(exact) : `≈ ${formatCount(estimate)}`;
}

export function summaryCards(r: HealthReportView): HTMLElement {
  const noTtlPct = r.analyzed ? (r.expiry.noTtl / r.analyzed) * 100 : 0;
  const est = r.expiry.estimated;
  const slowest = r.server.slowlog[0];
  const scripts = r.server.cachedScripts;
  return el(
    'section',
    { class: 'cards', 'aria-label': 'Summary' },
    card('Keys', formatCount(r.totalKeys), r.exact ? `${formatCount(r.analyzed)} analysed` : `${formatCount(r.analyzed)} sampled`),
    card('Without TTL', formatPct(Math.round(noTtlPct * 10) / 10), `${count(r, r.expiry.noTtl, est.noTtl)} keys never expire`, noTtlPct >= 50 ? 'bad' : noTtlPct >= 20 ? 'warn' : 'ok'),
    card('Expiring within 1 h', count(r, r.expiry.within1h, est.within1h), `${count(r, r.expiry.within24h, est.within24h)} within 24 h`),
    r.exact
      ? card('Memory (all keys)', formatBytes(r.analyzedMemory), `${r.types.length} types`)
      : card('Memory (sampled keys)', formatBytes(r.analyzedMemory), `≈ ${formatBytes(r.analyzed ? (r.analyzedMemory * r.totalKeys) / r.analyzed : 0)} in all · ${r.types.length} types`),
    card('Cached Lua scripts', scripts === undefined ? 'n/a' : formatCount(scripts), scripts === undefined ? 'INFO not readable' : 'SCRIPT LOAD / EVAL cache', scripts !== undefined && scripts > 1000 ? 'warn' : 'plain'),
    card('Slowest command', slowest ? formatMicros(slowest.durationUs) : 'none', slowest ? slowest.args[0] ?? '' : 'slow log is empty', slowest && slowest.durationUs >= 10_000 ? 'warn' : 'plain'),
  );
}

export function charts(r: HealthReportView): HTMLElement {
  const typeBars: Bar[] = r.types.map((t, i) => ({
    label: t.type,
    segments: [{ value: t.keys, series: SERIES[i % SERIES.length] }],
    note: `${count(r, t.keys, t.estimatedKeys)} · ${t.pct === 0 && t.keys > 0 ? '<0.1%' : formatPct(t.pct)}`,
  }));
  const memoryBars: Bar[] = [...r.types]
    .sort((a, b) => b.memory - a.memory)
    .map((t) => ({ label: t.type, segments: [{ value: t.memory, series: SERIES[r.types.indexOf(t) % SERIES.length] }], note: formatBytes(t.memory) }));
  const top = [...r.namespaces.filter((n) => n.depth === 1)].sort((a, b) => b.keys - a.keys).slice(0, 10);
  const nsBars: Bar[] = top.map((n) => ({
    label: n.display,
    segments: [
      { value: n.noTtl, series: 'series-warn' },
      { value: n.keys - n.noTtl, series: 'series-0' },
    ],
    note: `${count(r, n.keys, n.estimatedKeys)} · ${formatPct(n.noTtlPct)} no TTL`,
  }));
  return el(
    'section',
    { class: 'two-col' },
    el(
      'div',
      { class: 'panel' },
      el('h2', {}, 'Type distribution'),
      typeBars.length ? barChart(typeBars, 'Keys per type') : el('p', { class: 'empty' }, 'No keys.'),
      r.analyzedMemory > 0 ? el('h3', {}, 'Memory by type') : false,
      r.analyzedMemory > 0 ? barChart(memoryBars, 'Memory per type') : false,
    ),
    el(
      'div',
      { class: 'panel' },
      el('h2', {}, 'Top namespaces'),
      nsBars.length ? barChart(nsBars, 'Keys per top-level namespace, without TTL first') : el('p', { class: 'empty' }, 'No key has a delimiter.'),
      nsBars.length ? legend([['series-warn', 'without TTL'], ['series-0', 'with TTL']]) : false,
    ),
  );
}

function legend(items: [string, string][]): HTMLElement {
  return el('div', { class: 'legend' }, ...items.map(([series, label]) => el('span', {}, el('span', { class: `swatch ${series}` }), label)));
}

/** A percentage bar for table cells; its width is set through CSSOM (allowed by the CSP). */
function pctBar(pct: number): HTMLElement {
  const fill = el('span', { class: `pct-fill ${pct >= 50 ? 'bad' : pct >= 20 ? 'warn' : 'ok'}` });
  fill.style.width = `${Math.min(100, Math.max(0, pct))}%`;
  return el('span', { class: 'pct' }, el('span', { class: 'pct-track' }, fill), el('span', { class: 'pct-text' }, formatPct(pct)));
}

type Level = 'all' | '1' | '2';

export function namespaceSection(r: HealthReportView): HTMLElement {
  const body = el('div');
  let level: Level = 'all';
  let limit = 50;
  const draw = () => {
    const rows = level === 'all' ? grouped(r.namespaces) : r.namespaces.filter((n) => String(n.depth) === level);
    const shown = rows.slice(0, limit);
    body.replaceChildren(shown.length ? namespaceTable(shown, r) : el('p', { class: 'empty' }, 'No namespaces at this level.'));
    if (rows.length > limit) body.appendChild(button(`Show all ${formatCount(rows.length)}`, () => ((limit = Infinity), draw()), { class: 'link' }));
  };
  const select = el('select', { 'aria-label': 'Namespace level' }, el('option', { value: 'all' }, 'All levels'), el('option', { value: '1' }, 'Top-level'), el('option', { value: '2' }, 'Second-level'));
  select.addEventListener('change', () => {
    level = select.value as Level;
    draw();
  });
  draw();
  const keys = (n: number) => `${formatCount(n)} ${n === 1 ? 'key' : 'keys'}`;
  const root = r.rootKeys.keys ? `${keys(r.rootKeys.keys)} without a namespace (${formatPct(r.rootKeys.noTtlPct)} without TTL).` : '';
  const untracked = r.untrackedKeys ? ` ${keys(r.untrackedKeys)} in namespaces past the tracking limit are counted but not listed.` : '';
  return el(
    'section',
    { class: 'panel' },
    el('div', { class: 'panel-head' }, el('h2', {}, 'Namespaces by keys without TTL'), select),
    el('p', { class: 'hint' }, `Top-level and second-level prefixes, split at ${r.delimiters.map((d) => `"${d}"`).join(' or ')} as in the key tree.${root ? ` ${root}` : ''}${untracked}`),
    body,
  );
}

/** Second-level rows shown under each top-level one in the grouped view (the rest: "Second-level"). */
const CHILDREN_SHOWN = 5;

type Row = NamespaceView | { more: number; parent: string };

/** Each top-level namespace followed by its first second-level ones, both in report order (most keys without TTL first). */
function grouped(namespaces: NamespaceView[]): Row[] {
  const children = new Map<string, NamespaceView[]>();
  for (const n of namespaces) if (n.depth === 2 && n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const out: Row[] = [];
  const placed = new Set<NamespaceView>();
  for (const n of namespaces) {
    if (n.depth !== 1) continue;
    const kids = children.get(n.id) ?? [];
    out.push(n, ...kids.slice(0, CHILDREN_SHOWN));
    if (kids.length > CHILDREN_SHOWN) out.push({ more: kids.length - CHILDREN_SHOWN, parent: n.display });
    placed.add(n);
    kids.forEach((k) => placed.add(k));
  }
  // Second-level namespaces whose parent did not make the list.
  for (const n of namespaces) if (!placed.has(n)) out.push(n);
  return out;
}

function namespaceTable(rows: Row[], r: HealthReportView): HTMLTableElement {
  const keysHead = r.exact ? 'Keys' : 'Keys (sampled)';
  const head = ['Prefix', keysHead, ...(r.exact ? [] : ['Estimated']), 'Without TTL', '% without TTL', 'Memory'];
  const body = rows.map((n) => 'more' in n ? [el('span', { class: 'prefix depth-2 muted' }, `… ${formatCount(n.more)} more under ${n.parent} (see Second-level)`)] : [
    el('span', { class: `prefix depth-${n.depth}`, title: n.depth === 2 ? 'second-level namespace' : 'top-level namespace' }, n.display),
    formatCount(n.keys),
    ...(r.exact ? [] : [`≈ ${formatCount(n.estimatedKeys)}`]),
    formatCount(n.noTtl),
    pctBar(n.noTtlPct),
    formatBytes(n.memory),
  ]);
  const numeric = r.exact ? [1, 2, 4] : [1, 2, 3, 5];
  return table(head, body, { numeric, className: 'grid namespaces' });
}

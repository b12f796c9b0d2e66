/** The report's lower half: biggest keys, expiring soon, server signals. */
import { formatBytes, formatCount, formatDuration, formatMicros } from '../../core/keyspace/health/format';
import type { HealthReportView, KeyView } from '../protocol/healthReport';
import { button, el, table } from './dom';
import { count, type Handlers } from './render';

/** A key name that opens the key in the editor; the name is text, the token identifies it to the host. */
function keyLink(k: KeyView, h: Handlers): HTMLElement {
  const link = el('button', { type: 'button', class: 'key-link', title: `Open ${k.display}` }, k.display);
  link.addEventListener('click', () => h.openKey(k.token));
  return link;
}

const ttl = (k: KeyView) => (k.ttlMs === undefined ? el('span', { class: 'muted' }, 'none') : formatDuration(k.ttlMs));
const memory = (k: KeyView) => (k.memory === undefined ? '' : formatBytes(k.memory));
const length = (k: KeyView) => (k.length === undefined ? '' : formatCount(k.length));
const typeTag = (t: string) => el('span', { class: `type type-${t.replace(/[^\w-]/g, '')}` }, t);

export function biggestKeys(r: HealthReportView, h: Handlers): HTMLElement {
  const byMemory = r.biggestByMemory.map((k) => [keyLink(k, h), typeTag(k.type), memory(k), length(k), ttl(k)]);
  const byLength = r.biggestByLength.map((k) => [keyLink(k, h), typeTag(k.type), length(k), memory(k), ttl(k)]);
  const empty = (what: string) => el('p', { class: 'empty' }, what);
  return el(
    'section',
    { class: 'two-col' },
    el(
      'div',
      { class: 'panel' },
      el('h2', {}, 'Biggest keys by memory'),
      el('p', { class: 'hint' }, `MEMORY USAGE, exact (SAMPLES 0)${r.exact ? '' : ', among the sampled keys'}.`),
      byMemory.length ? table(['Key', 'Type', 'Memory', 'Length', 'TTL'], byMemory, { numeric: [2, 3, 4] }) : empty('MEMORY USAGE was not available.'),
    ),
    el(
      'div',
      { class: 'panel' },
      el('h2', {}, 'Biggest keys by length'),
      el('p', { class: 'hint' }, `Elements (STRLEN bytes for strings)${r.exact ? '' : ', among the sampled keys'}.`),
      byLength.length ? table(['Key', 'Type', 'Length', 'Memory', 'TTL'], byLength, { numeric: [2, 3, 4] }) : empty('No keys.'),
    ),
  );
}

export function expiringSoon(r: HealthReportView, h: Handlers): HTMLElement {
  const e = r.expiry;
  const soonest = el('div');
  const draw = (limit: number) => {
    const rows = e.soonest.slice(0, limit).map((k) => [keyLink(k, h), typeTag(k.type), ttl(k), memory(k)]);
    soonest.replaceChildren(rows.length ? table(['Key', 'Type', 'Expires in', 'Memory'], rows, { numeric: [2, 3] }) : el('p', { class: 'empty' }, 'No analysed key has a TTL.'));
    if (e.soonest.length > limit) soonest.appendChild(button(`Show all ${e.soonest.length}`, () => draw(Infinity), { class: 'link' }));
  };
  draw(10);
  const stat = (value: number, estimate: number, label: string) => el('div', { class: 'stat' }, el('span', { class: 'stat-value' }, count(r, value, estimate)), el('span', { class: 'stat-label' }, label));
  const est = e.estimated;
  return el(
    'section',
    { class: 'panel' },
    el('h2', {}, 'Expiring soon'),
    el(
      'div',
      { class: 'stats' },
      stat(e.within1h, est.within1h, 'within 1 hour'),
      stat(e.within24h, est.within24h, 'within 24 hours'),
      stat(e.withTtl, est.withTtl, 'with a TTL'),
      stat(e.noTtl, est.noTtl, 'without TTL'),
    ),
    soonest,
  );
}

export function serverSignals(r: HealthReportView): HTMLElement {
  const s = r.server;
  const doctor = el('pre', { class: 'doctor' });
  doctor.textContent = s.memoryDoctor ?? 'MEMORY DOCTOR was not available.';
  const slowlog = s.slowlog.length
    ? table(
        ['Duration', 'When', 'Command', 'Client', ...(r.cluster ? ['Node'] : [])],
        s.slowlog.map((e) => [
          formatMicros(e.durationUs),
          new Date(e.timestamp * 1000).toLocaleString(),
          el('code', { class: 'command' }, e.args.join(' ')),
          [e.clientName, e.client].filter(Boolean).join(' '),
          ...(r.cluster ? [e.node] : []),
        ]),
        { numeric: [0], className: 'grid slowlog' },
      )
    : el('p', { class: 'empty' }, 'The slow log is empty.');
  const nodes = r.cluster
    ? table(
        ['Master', 'Keys', 'With TTL', 'Analysed', 'Memory', 'Cached scripts'],
        r.nodes.map((n) => [n.node, formatCount(n.keys), formatCount(n.expires), formatCount(n.analyzed), n.usedMemory === undefined ? '' : formatBytes(n.usedMemory), n.cachedScripts === undefined ? '' : formatCount(n.cachedScripts)]),
        { numeric: [1, 2, 3, 4, 5] },
      )
    : false;
  return el(
    'section',
    { class: 'panel' },
    el('h2', {}, 'Server signals', s.version ? el('span', { class: 'muted' }, ` · Redis ${s.version}`) : false),
    nodes,
    el('h3', {}, 'SLOWLOG GET (slowest first)'),
    slowlog,
    el('h3', {}, 'MEMORY DOCTOR'),
    doctor,
    ...s.unavailable.map((u) => el('p', { class: 'note' }, `${u.signal} not available: ${u.reason}`)),
  );
}

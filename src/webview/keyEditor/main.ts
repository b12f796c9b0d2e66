/**
 * The key editor webview: a header (key, type, TTL, size, encoding), then the value: a string
 * editor, a HyperLogLog count, a JSON document, or a windowed table with "Load more", a detail
 * pane for the selected row and an add form. It sends `ready` first and renders what the host
 * answers; every write goes to the host, which confirms it with the user.
 */
import './style.css';
import { rowIdentity } from '../protocol/keyEditor';
import type { Body, HostMessage, KeyHeader, Row, WireValue, WireWriteOp } from '../protocol/keyEditor';
import { Pane, PaneContext, addForm, rowPane } from './detail';
import { append, button, clear, el, formatBytes, formatCount, formatTtl, oneLine } from './dom';
import { GridColumn, VirtualGrid } from './grid';
import { send } from './vscodeApi';

const root = document.getElementById('root') ?? document.body;
const headerEl = el('header', { class: 'key-header' });
const statusEl = el('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
const bodyEl = el('main', { class: 'key-body' });
root.append(headerEl, statusEl, bodyEl);

let header: KeyHeader | undefined;
let rows: Row[] = [];
let positions = new Map<string, number>();
let grid: VirtualGrid<Row> | undefined;
let pane: Pane | undefined;
let paneHost: HTMLElement | undefined;
let moreButton: HTMLButtonElement | undefined;
let countEl: HTMLElement | undefined;
let nextRequest = 1;

const UNIT: Record<string, string> = { string: 'bytes', hash: 'fields', list: 'items', set: 'members', zset: 'members', stream: 'entries', hyperloglog: 'distinct (estimated)' };

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  statusEl.textContent = text;
  statusEl.className = `status ${kind}`;
  statusEl.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

const paneContext = (): PaneContext => ({
  readOnly: header?.readOnly !== false,
  write: (op) => requestWrite(op),
  loadValue: (target) => send({ type: 'loadValue', target }),
});

function requestWrite(op: WireWriteOp): void {
  setStatus('Waiting for confirmation…');
  send({ type: 'write', requestId: nextRequest++, op });
}

function renderHeader(h: KeyHeader): void {
  clear(headerEl);
  const facts: string[] = [h.rawType === h.type || h.type === 'hyperloglog' ? h.type : `${h.type} (${h.rawType})`];
  if (h.type !== 'none') facts.push(`TTL: ${formatTtl(h.ttlMs)}`);
  if (h.length !== undefined) facts.push(`${formatCount(h.length)} ${UNIT[h.type] ?? ''}`.trim());
  if (h.encoding) facts.push(`encoding ${h.encoding}`);
  if (h.memoryBytes !== undefined) facts.push(`${formatBytes(h.memoryBytes)} in memory`);
  append(
    headerEl,
    el('h1', { class: 'key-name' }, h.key.display),
    el('div', { class: 'facts' }, ...facts.map((f) => el('span', { class: 'fact' }, f))),
    el(
      'div',
      { class: 'where' },
      `${h.connectionName} · db ${h.db}`,
      h.readOnly ? el('span', { class: 'badge' }, 'read-only') : null,
      button('Refresh', () => send({ type: 'refresh' }), { class: 'secondary', title: 'Read the key again' }),
    ),
  );
}

function valueEditor(value: WireValue, complete: boolean, h: KeyHeader): HTMLElement {
  const area = el('textarea', { class: 'value-text big', spellcheck: 'false', 'aria-label': 'Value', readonly: h.readOnly || !complete });
  area.value = value.text;
  const mode = value.kind === 'binary' ? 'hex' : value.kind;
  const actions = el('div', { class: 'actions' });
  if (!complete) {
    actions.append(button(`Load all ${formatBytes(value.size)}`, () => send({ type: 'loadAll' })));
  } else if (!h.readOnly) {
    actions.append(button('Save', () => requestWrite({ kind: 'string.set', value: { text: area.value, mode, compactJson: value.compactJson } }), { class: 'primary' }));
  }
  const note = complete ? `${formatBytes(value.size)} · shown as ${mode === 'hex' ? 'hex bytes' : mode === 'json' ? 'JSON' : 'UTF-8 text'}` : `Showing the first part of ${formatBytes(value.size)}: load all to edit.`;
  return el('section', { class: 'pane' }, area, el('div', { class: 'note' }, note), actions);
}

const COLUMNS: Record<Row['kind'], GridColumn[]> = {
  hash: [{ title: 'Field', width: 'minmax(8em, 1fr)' }, { title: 'Value', width: 'minmax(10em, 2fr)' }],
  list: [{ title: 'Index', width: '6em' }, { title: 'Value', width: 'minmax(10em, 1fr)' }],
  set: [{ title: 'Member', width: 'minmax(10em, 1fr)' }],
  zset: [{ title: 'Member', width: 'minmax(10em, 2fr)' }, { title: 'Score', width: 'minmax(6em, 1fr)' }],
  stream: [{ title: 'ID', width: '14em' }, { title: 'Fields', width: 'minmax(10em, 1fr)' }],
};

function cells(row: Row): string[] {
  switch (row.kind) {
    case 'hash':
      return [row.field.display, oneLine(row.value.text)];
    case 'list':
      return [String(row.index), oneLine(row.value.text)];
    case 'set':
      return [row.member.display];
    case 'zset':
      return [row.member.display, row.score];
    case 'stream':
      return [row.id, oneLine(row.fields.map((f) => `${f.field.display}=${f.value.text}`).join('  '))];
  }
}

function openRow(row: Row): void {
  if (!paneHost) return;
  pane = rowPane(row, paneContext());
  clear(paneHost);
  paneHost.append(pane.element);
}

function reindex(): void {
  positions = new Map(rows.map((r, i) => [rowIdentity(r), i]));
}

function updateCount(more: boolean): void {
  if (countEl) countEl.textContent = `Showing ${formatCount(rows.length)}${header?.length !== undefined ? ` of ${formatCount(header.length)}` : ''}`;
  if (moreButton) moreButton.hidden = !more;
}

function renderTable(body: Extract<Body, { kind: 'table' }>): HTMLElement[] {
  rows = body.rows.slice();
  reindex();
  grid = new VirtualGrid<Row>(COLUMNS[body.rowKind], cells, (row) => openRow(row), `${body.rowKind} contents`);
  grid.setRows(rows);
  countEl = el('span', { class: 'count' });
  moreButton = button('Load more', () => {
    setStatus('Loading…');
    send({ type: 'loadMore' });
  });
  paneHost = el('div', { class: 'pane-host' }, el('p', { class: 'note' }, 'Select a row (click, or arrow keys in the table) to see it whole.'));
  updateCount(body.more);
  const parts: HTMLElement[] = [];
  if (body.rowKind === 'zset') parts.push(scoreRangeForm(body.scoreRange));
  const add = addForm(body.rowKind, paneContext());
  if (add) parts.push(el('details', { class: 'add' }, el('summary', {}, 'Add…'), add));
  parts.push(grid.element, el('div', { class: 'table-footer' }, countEl, moreButton), paneHost);
  return parts;
}

function scoreRangeForm(range: { min: string; max: string } | undefined): HTMLElement {
  const min = el('input', { type: 'text', value: range?.min ?? '-inf', 'aria-label': 'Minimum score', size: 8 });
  const max = el('input', { type: 'text', value: range?.max ?? '+inf', 'aria-label': 'Maximum score', size: 8 });
  const form = el('form', { class: 'range-form' }, el('span', {}, 'Score range'), min, max, el('button', { type: 'submit', class: 'secondary' }, 'Apply'), button('By rank', () => send({ type: 'scoreRange' }), { class: 'secondary' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    send({ type: 'scoreRange', range: { min: min.value, max: max.value } });
  });
  return form;
}

function renderBody(body: Body, h: KeyHeader): void {
  clear(bodyEl);
  grid = undefined;
  pane = undefined;
  paneHost = undefined;
  moreButton = undefined;
  countEl = undefined;
  switch (body.kind) {
    case 'string':
      bodyEl.append(valueEditor(body.value, !body.value.truncated, h));
      break;
    case 'json':
      bodyEl.append(el('section', { class: 'pane' }, el('pre', { class: 'value-text big' }, body.value.text), el('div', { class: 'note' }, 'ReJSON document (read-only here).')));
      break;
    case 'hyperloglog':
      bodyEl.append(el('section', { class: 'pane' }, el('p', { class: 'big-number' }, `≈ ${formatCount(body.count)}`), el('p', { class: 'note' }, 'distinct elements (PFCOUNT estimate)')));
      break;
    case 'table':
      bodyEl.append(...renderTable(body));
      break;
    case 'missing':
      bodyEl.append(el('p', { class: 'note' }, 'This key does not exist (any more).'));
      break;
    case 'unsupported':
      bodyEl.append(el('p', { class: 'note' }, `Values of type ${h.rawType} cannot be shown yet.`));
      break;
  }
}

function applyPatch(upsert: Row | undefined, remove: string | undefined): void {
  if (!grid) return;
  if (remove !== undefined && positions.has(remove)) {
    rows.splice(positions.get(remove) ?? 0, 1);
    reindex();
    if (paneHost) clear(paneHost);
  }
  if (upsert) {
    const at = positions.get(rowIdentity(upsert));
    if (at === undefined) {
      rows.push(upsert);
      positions.set(rowIdentity(upsert), rows.length - 1);
    } else {
      rows[at] = upsert;
    }
    const index = positions.get(rowIdentity(upsert)) ?? -1;
    grid.setRows(rows);
    grid.select(index);
    return;
  }
  grid.setRows(rows);
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'batch':
      message.messages.forEach(handle);
      return;
    case 'state':
      header = message.header;
      renderHeader(message.header);
      renderBody(message.body, message.header);
      return;
    case 'rows':
      rows.push(...message.rows);
      reindex();
      grid?.setRows(rows);
      updateCount(message.more);
      setStatus(`Loaded ${formatCount(message.rows.length)} more.`);
      return;
    case 'patch':
      header = message.header;
      renderHeader(message.header);
      applyPatch(message.upsert, message.remove);
      updateCount(moreButton ? !moreButton.hidden : false);
      return;
    case 'value':
      pane?.onValue?.(message.target, message.value);
      return;
    case 'writeDone':
      setStatus(message.ok ? `Done: ${message.message}.` : message.message.charAt(0).toUpperCase() + message.message.slice(1), message.ok ? 'info' : 'error');
      return;
    case 'busy':
      document.body.classList.toggle('busy', message.busy);
      root.setAttribute('aria-busy', String(message.busy));
      return;
    case 'error':
      setStatus(message.message, 'error');
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const data = event.data as HostMessage | undefined;
  if (data && typeof data === 'object' && typeof data.type === 'string') handle(data);
});

send({ type: 'ready' });

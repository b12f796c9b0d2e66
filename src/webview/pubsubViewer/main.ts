/**
 * The pub/sub viewer webview: subscriptions, the server's active channels, a publish form (not on
 * read-only connections), and the live message list (windowed) with a filter, pause/resume,
 * clear, NDJSON export, the counters and the message rate, and a note when the subscriber
 * connection is lost, comes back and subscribes again. It sends `ready` first and mirrors what
 * the host keeps: each `messages` post appends what is new and drops rows older than `firstSeq`.
 */
import './style.css';
import type { ConnectionNote, HostMessage, PanelInfo, PayloadDetail, Stats, WireMessage } from '../protocol/pubsubViewer';
import { append, button, clear, el } from '../shared/dom';
import { ChannelsPanel, PublishPanel, SubscribePanel } from './forms';
import { formatBytes, formatCount, formatRate, formatTime, matches, oneLine, patternCell, payloadCell } from './format';
import { FeedGrid } from './grid';
import { send } from './vscodeApi';

const root = document.getElementById('root') ?? document.body;

const titleEl = el('h1', { class: 'title' }, 'Pub/Sub');
const whereEl = el('div', { class: 'where' });
const noteEl = el('div', { class: 'connection-note', role: 'status', hidden: true });
const errorEl = el('div', { class: 'error-line', role: 'alert', hidden: true });
const subscribePanel = new SubscribePanel();
const channelsPanel = new ChannelsPanel((kind, b64) => subscribePanel.has(kind, b64));
const controlsEl = el('div', { class: 'controls' }, subscribePanel.element, channelsPanel.element);

const filterInput = el('input', { type: 'search', spellcheck: 'false', placeholder: 'Filter: channel or payload text', 'aria-label': 'Filter messages by channel or payload text' });
const pauseButton = button('Pause', () => togglePause(), { class: 'secondary', 'aria-pressed': 'false', title: 'Freeze the list; counting goes on' });
const clearButton = button('Clear', () => send({ type: 'clear' }), { class: 'secondary', title: 'Remove every kept message' });
const exportButton = button('Export NDJSON…', () => send({ type: 'export' }), { class: 'secondary', title: 'Save the kept messages as NDJSON' });
const countersEl = el('div', { class: 'counters', 'aria-live': 'off' });
const pausedEl = el('span', { class: 'badge paused', hidden: true }, 'Paused: the list is frozen, counting goes on');
const toolbarEl = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Messages' }, filterInput, pauseButton, clearButton, exportButton, pausedEl);

const grid = new FeedGrid<WireMessage>(
  [
    { title: 'Time', width: '8.5em' },
    { title: 'Channel', width: 'minmax(8em, 1fr)' },
    { title: 'Pattern', width: 'minmax(5em, 0.6fr)' },
    { title: 'Payload', width: 'minmax(10em, 3fr)' },
  ],
  (m) => m.seq,
  (m) => [formatTime(m.time), m.channel, patternCell(m), payloadCell(m)],
  (m) => openDetail(m),
  'Received messages',
  'No messages yet. Subscribe to a channel or pattern; messages appear here as they arrive.',
);
const detailEl = el('section', { class: 'detail', 'aria-label': 'Selected message', 'aria-live': 'polite' });

root.append(el('header', { class: 'header' }, titleEl, whereEl), noteEl, errorEl, controlsEl, toolbarEl, countersEl, grid.element, detailEl);

/** Every message the host keeps and has sent, oldest first (by seq). */
let all: WireMessage[] = [];
/** `all` filtered (the same array when there is no filter). */
let shown: WireMessage[] = all;
let needle = '';
let paused = false;
let stats: Stats | undefined;
let detailSeq: number | undefined;
let publishPanel: PublishPanel | undefined;

function togglePause(): void {
  send({ type: 'pause', paused: !paused });
}

function setPaused(value: boolean): void {
  paused = value;
  pauseButton.textContent = value ? 'Resume' : 'Pause';
  pauseButton.setAttribute('aria-pressed', String(value));
  pauseButton.title = value ? 'Show what arrived meanwhile (up to the maximum kept)' : 'Freeze the list; counting goes on';
  pausedEl.hidden = !value;
}

function renderInfo(info: PanelInfo): void {
  titleEl.textContent = `Pub/Sub: ${info.connectionName}`;
  clear(whereEl);
  append(whereEl, el('span', {}, info.topology), info.readOnly ? el('span', { class: 'badge' }, 'read-only: publishing is off') : null);
  subscribePanel.setInfo(info);
  if (info.canPublish && !publishPanel) {
    publishPanel = new PublishPanel(info);
    controlsEl.append(publishPanel.element);
  }
}

function renderNote(note: ConnectionNote): void {
  if (note.state === 'connected') {
    noteEl.hidden = true;
    return;
  }
  clear(noteEl);
  noteEl.hidden = false;
  noteEl.className = `connection-note ${note.state}`;
  noteEl.setAttribute('role', note.state === 'error' ? 'alert' : 'status');
  append(noteEl, el('span', { class: 'time' }, formatTime(note.time)), ' ', el('span', {}, note.text), ' ', button('Dismiss', () => {
    noteEl.hidden = true;
  }, { class: 'link', 'aria-label': 'Dismiss this note' }));
}

function showError(message: string | undefined): void {
  errorEl.hidden = !message;
  errorEl.textContent = message ?? '';
}

function renderCounters(): void {
  if (!stats) return;
  const parts = [
    `Received ${formatCount(stats.received)}`,
    `kept ${formatCount(stats.kept)} of ${formatCount(stats.maxMessages)}`,
    `dropped ${formatCount(stats.dropped)}`,
  ];
  if (stats.cleared) parts.push(`cleared ${formatCount(stats.cleared)}`);
  if (stats.skipped) parts.push(`not shown ${formatCount(stats.skipped)} (too fast to list; export has the kept ones)`);
  parts.push(`${formatRate(stats.ratePerSecond)} msg/s`);
  if (needle) parts.push(`showing ${formatCount(shown.length)} matching`);
  countersEl.textContent = parts.join(' · ');
  countersEl.classList.toggle('dropping', stats.dropped > 0);
}

/** Number of leading rows of `rows` older than `firstSeq`. */
function staleCount(rows: WireMessage[], firstSeq: number): number {
  let n = 0;
  while (n < rows.length && rows[n].seq < firstSeq) n++;
  return n;
}

function applyMessages(m: Extract<HostMessage, { type: 'messages' }>): void {
  stats = m.stats;
  setPaused(m.paused);
  let removedShown = 0;
  if (m.reset) {
    all = m.messages.slice();
    shown = needle ? all.filter((x) => matches(x, needle)) : all;
    removedShown = Number.MAX_SAFE_INTEGER;
  } else if (m.messages.length || (all.length && all[0].seq < m.firstSeq)) {
    for (const x of m.messages) all.push(x);
    const stale = staleCount(all, m.firstSeq);
    if (stale) all.splice(0, stale);
    if (needle) {
      for (const x of m.messages) if (matches(x, needle)) shown.push(x);
      removedShown = staleCount(shown, m.firstSeq);
      if (removedShown) shown.splice(0, removedShown);
    } else {
      shown = all;
      removedShown = stale;
    }
  } else {
    renderCounters();
    return;
  }
  grid.setRows(shown, removedShown === Number.MAX_SAFE_INTEGER ? 0 : removedShown);
  renderCounters();
}

function applyFilter(): void {
  needle = filterInput.value.trim().toLowerCase();
  shown = needle ? all.filter((x) => matches(x, needle)) : all;
  grid.setEmptyText(needle ? 'No kept message matches the filter.' : 'No messages yet. Subscribe to a channel or pattern; messages appear here as they arrive.');
  grid.setRows(shown);
  renderCounters();
}

let filterTimer: number | undefined;
filterInput.addEventListener('input', () => {
  window.clearTimeout(filterTimer);
  filterTimer = window.setTimeout(applyFilter, 120);
});

function openDetail(m: WireMessage): void {
  detailSeq = m.seq;
  clear(detailEl);
  const facts = [formatTime(m.time), m.kind, `${formatBytes(m.size)}`];
  append(
    detailEl,
    el('h2', {}, 'Message ', el('code', {}, m.channel)),
    el('div', { class: 'facts' }, ...facts.map((f) => el('span', { class: 'fact' }, f)), m.pattern ? el('span', { class: 'fact' }, 'pattern ', el('code', {}, m.pattern)) : null),
    el('pre', { class: 'value-text', tabindex: 0, 'aria-label': 'Payload' }, oneLine(m.preview, 200)),
    el('div', { class: 'note' }, 'Loading the whole payload…'),
  );
  send({ type: 'expand', seq: m.seq });
}

function renderDetail(seq: number, detail: PayloadDetail | undefined, message: string | undefined): void {
  if (seq !== detailSeq) return;
  const pre = detailEl.querySelector('pre');
  const note = detailEl.querySelector('.note');
  if (!pre || !note) return;
  if (!detail) {
    note.textContent = message ?? 'Not available.';
    return;
  }
  pre.textContent = detail.text;
  const shownAs = detail.kind === 'json' ? 'JSON, pretty-printed' : detail.kind === 'binary' ? 'hex bytes (not UTF-8 text)' : 'UTF-8 text';
  note.textContent = `${formatBytes(detail.size)} · ${shownAs}${detail.truncated ? ' · only the start is shown' : ''}`;
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'batch':
      message.messages.forEach(handle);
      return;
    case 'state':
      renderInfo(message.info);
      subscribePanel.render(message.subscriptions);
      stats = message.stats;
      setPaused(message.paused);
      renderNote(message.connection);
      renderCounters();
      return;
    case 'messages':
      applyMessages(message);
      return;
    case 'subscriptions':
      subscribePanel.render(message.subscriptions);
      channelsPanel.update();
      showError(undefined);
      return;
    case 'channels':
      channelsPanel.render(message);
      return;
    case 'connection':
      renderNote(message.connection);
      return;
    case 'published':
      publishPanel?.onResult(message);
      return;
    case 'detail':
      renderDetail(message.seq, message.detail, message.message);
      return;
    case 'exported':
      showError(message.ok ? undefined : message.message);
      if (message.ok) {
        noteEl.hidden = false;
        noteEl.className = 'connection-note info';
        noteEl.setAttribute('role', 'status');
        noteEl.textContent = message.message;
      }
      return;
    case 'error':
      showError(message.message);
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const data = event.data as HostMessage | undefined;
  if (data && typeof data === 'object' && typeof data.type === 'string') handle(data);
});

send({ type: 'ready' });

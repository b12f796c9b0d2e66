/**
 * The stream viewer webview: the header (XINFO STREAM), then two tabs, Entries and Consumer
 * groups. It sends `ready` first and renders what the host answers; every write goes to the host,
 * which states it in a confirmation before anything is sent. Redis data only ever lands in text
 * nodes.
 */
import './style.css';
import type { HostMessage, StreamHeader, StreamWriteOp } from '../protocol/streamViewer';
import { el } from './dom';
import { EntriesTab, TabContext } from './entries';
import { GroupsTab } from './groups';
import { renderHeader as renderStreamHeader } from './header';
import { send } from './vscodeApi';

const root = document.getElementById('root') ?? document.body;
const headerEl = el('header', { class: 'stream-header' });
const statusEl = el('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
let nextRequest = 1;
let header: StreamHeader | undefined;

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  statusEl.textContent = text;
  statusEl.title = text;
  statusEl.className = `status ${kind}`;
  statusEl.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

const ctx: TabContext = {
  write(op: StreamWriteOp) {
    if (header?.readOnly !== false) return;
    setStatus('Waiting for confirmation…');
    send({ type: 'write', requestId: nextRequest++, op });
  },
  status: setStatus,
};

const entries = new EntriesTab(ctx);
const groups = new GroupsTab(ctx);

// Tabs (WAI-ARIA tabs pattern): arrow keys move between them, the panel follows.
const tabs = [
  { id: 'entries', label: 'Entries', panel: entries.element, focus: () => entries.focusTarget, shown: () => undefined },
  { id: 'groups', label: 'Consumer groups', panel: groups.element, focus: () => groups.focusTarget, shown: () => groups.shown() },
];
const tabButtons = tabs.map((t) => el('button', { type: 'button', role: 'tab', id: `tab-${t.id}`, 'aria-controls': `panel-${t.id}`, class: 'tab' }, t.label));
const tabList = el('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Stream views' }, ...tabButtons);
const tabBar = el('div', { class: 'tab-bar' }, tabList, statusEl);
const panels = tabs.map((t) => el('div', { role: 'tabpanel', id: `panel-${t.id}`, 'aria-labelledby': `tab-${t.id}`, class: 'tab-panel' }, t.panel));

function selectTab(index: number, focus = false): void {
  tabs.forEach((_tab, i) => {
    const on = i === index;
    tabButtons[i].setAttribute('aria-selected', String(on));
    tabButtons[i].tabIndex = on ? 0 : -1;
    panels[i].hidden = !on;
  });
  tabs[index].shown();
  if (focus) tabButtons[index].focus();
}

tabButtons.forEach((b, i) => {
  b.addEventListener('click', () => selectTab(i));
  b.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step) {
      e.preventDefault();
      selectTab((i + step + tabs.length) % tabs.length, true);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      selectTab(e.key === 'Home' ? 0 : tabs.length - 1, true);
    }
  });
});
selectTab(0);

root.append(headerEl, tabBar, ...panels);

function renderHeader(h: StreamHeader): void {
  header = h;
  renderStreamHeader(headerEl, h, () => send({ type: 'refreshHeader' }));
  entries.setHeader(h);
  groups.setHeader(h);
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'batch':
      message.messages.forEach(handle);
      return;
    case 'state':
      renderHeader(message.header);
      entries.setTail(message.tailing);
      return;
    case 'header':
      renderHeader(message.header);
      return;
    case 'entries':
      entries.onEntries(message);
      return;
    case 'entry':
      entries.onEntry(message);
      return;
    case 'removed':
      entries.onRemoved(message.ids);
      return;
    case 'tail':
      entries.setTail(message.on, message.error);
      if (!message.error) setStatus(message.on ? 'Live tail on: new entries appear on top.' : 'Live tail off.');
      return;
    case 'groups':
      groups.onGroups(message);
      return;
    case 'consumers':
      groups.onConsumers(message);
      return;
    case 'pending':
      groups.onPending(message);
      return;
    case 'writeDone':
      setStatus(message.ok ? `Done: ${message.message}.` : message.message.charAt(0).toUpperCase() + message.message.slice(1), message.ok ? 'info' : 'error');
      return;
    case 'busy':
      document.body.classList.toggle('busy', message.busy);
      root.setAttribute('aria-busy', String(message.busy));
      return;
    case 'error':
      entries.resetLoading();
      groups.resetLoading();
      setStatus(message.message, 'error');
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const data = event.data as HostMessage | undefined;
  if (data && typeof data === 'object' && typeof data.type === 'string') handle(data);
});

send({ type: 'ready' });

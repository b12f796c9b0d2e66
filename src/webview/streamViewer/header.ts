/** The header: key name, where it lives, and XINFO STREAM's facts. */
import type { StreamHeader } from '../protocol/streamViewer';
import { append, button, clear, el, formatCount, idTime } from './dom';

function fact(label: string, value: string, title?: string): HTMLElement {
  return el('div', { class: 'fact', title }, el('span', { class: 'fact-label' }, label), el('span', { class: 'fact-value' }, value));
}

export function renderHeader(target: HTMLElement, h: StreamHeader, onRefresh: () => void): void {
  clear(target);
  const info = h.info;
  const facts: HTMLElement[] = [];
  if (!info) {
    facts.push(el('div', { class: 'fact missing' }, 'This key does not exist (any more).'));
  } else {
    facts.push(
      fact('Length', formatCount(info.length)),
      fact('First ID', info.firstId ?? '—', info.firstId && idTime(info.firstId)),
      fact('Last ID', info.lastId ?? '—', info.lastId && idTime(info.lastId)),
      fact('Last generated', info.lastGeneratedId, idTime(info.lastGeneratedId)),
      fact('Groups', formatCount(info.groups)),
      fact('Radix tree', `${formatCount(info.radixTreeKeys)} keys · ${formatCount(info.radixTreeNodes)} nodes`),
    );
    if (info.entriesAdded !== undefined) facts.push(fact('Entries added', formatCount(info.entriesAdded)));
    if (info.maxDeletedEntryId !== undefined && info.maxDeletedEntryId !== '0-0') facts.push(fact('Max deleted ID', info.maxDeletedEntryId));
  }
  append(
    target,
    el(
      'div',
      { class: 'title-row' },
      el('span', { class: 'type-badge' }, 'stream'),
      el('h1', { class: 'key-name' }, h.key.display),
      el('span', { class: 'where' }, `${h.connectionName} · db ${h.db}`),
      h.readOnly ? el('span', { class: 'badge' }, 'read-only') : null,
      button('Refresh', onRefresh, { class: 'secondary', title: 'Read XINFO STREAM again' }),
    ),
    el('div', { class: 'facts' }, ...facts),
  );
}

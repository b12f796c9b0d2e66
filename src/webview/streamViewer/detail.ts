/**
 * The detail pane of the selected entry: each field whole, JSON pretty-printed, binary as a hex
 * dump (the host formats values; this only shows them, as text). Values cut to their start in
 * the table can be loaded whole.
 */
import type { WireEntry, WireValue } from '../protocol/streamViewer';
import { button, el, formatBytes, idTime } from './dom';

const KIND: Record<WireValue['kind'], string> = { text: 'text', json: 'JSON', binary: 'binary, shown as hex' };

export function entryDetail(entry: WireEntry, loadWhole: (id: string) => void): HTMLElement {
  const truncated = entry.fields.some((f) => f.value.truncated);
  const fields = entry.fields.map((f) =>
    el(
      'div',
      { class: 'detail-field' },
      el('div', { class: 'detail-name' }, el('code', {}, f.field.display), el('span', { class: 'note' }, ` ${formatBytes(f.value.size)} · ${KIND[f.value.kind]}${f.value.truncated ? ' · only the start is shown' : ''}`)),
      el('pre', { class: `value-text ${f.value.kind}`, tabindex: 0 }, f.value.text),
    ),
  );
  return el(
    'section',
    { class: 'detail', 'aria-label': `Entry ${entry.id}` },
    el('h2', {}, 'Entry ', el('code', {}, entry.id), el('span', { class: 'note' }, ` ${idTime(entry.id)} · ${entry.fields.length} field${entry.fields.length === 1 ? '' : 's'}`)),
    truncated ? el('div', { class: 'row' }, button('Load whole values', () => loadWhole(entry.id), { class: 'secondary' })) : null,
    ...fields,
  );
}

/**
 * The pane under a table: the selected row whole (editable unless read-only) with its write
 * buttons, and the form that adds a field / item / member. Writes are only requested here; the
 * host describes each one in a confirmation dialog before anything is sent to Redis.
 */
import type { BytesInput, EditMode, Row, ValueTarget, WireValue, WireWriteOp } from '../protocol/keyEditor';
import { button, el, formatBytes } from './dom';

export interface PaneContext {
  readOnly: boolean;
  write(op: WireWriteOp): void;
  loadValue(target: ValueTarget): void;
}

export interface Pane {
  element: HTMLElement;
  /** A whole value the host sent for this pane's row. */
  onValue?(target: ValueTarget, value: WireValue): void;
}

const MODE_OF: Record<WireValue['kind'], EditMode> = { text: 'text', json: 'json', binary: 'hex' };
const MODE_LABEL: Record<EditMode, string> = { text: 'UTF-8 text', json: 'JSON', hex: 'hex bytes' };

/** A textarea holding a value in its display form, and how to read it back. */
function valueBox(label: string, value: WireValue, readOnly: boolean): { element: HTMLElement; read(): BytesInput; fill(v: WireValue): void } {
  let current = value;
  const area = el('textarea', { class: 'value-text', rows: 6, spellcheck: 'false', 'aria-label': label, readonly: readOnly || value.truncated });
  const note = el('div', { class: 'note' });
  const fill = (v: WireValue) => {
    current = v;
    area.value = v.text;
    area.readOnly = readOnly || v.truncated;
    note.textContent = `${formatBytes(v.size)} · shown as ${MODE_LABEL[MODE_OF[v.kind]]}${v.truncated ? ' · only the start is shown' : ''}`;
  };
  fill(value);
  return {
    element: el('div', { class: 'field' }, el('label', {}, label), area, note),
    read: () => ({ text: area.value, mode: MODE_OF[current.kind], compactJson: current.compactJson }),
    fill,
  };
}

/** A text input plus "as hex" for typed bytes (new fields, members, items). */
function bytesInput(label: string, multiline: boolean): { element: HTMLElement; read(): BytesInput | undefined; reset(): void } {
  const input = multiline ? el('textarea', { rows: 3, spellcheck: 'false', 'aria-label': label }) : el('input', { type: 'text', spellcheck: 'false', 'aria-label': label });
  const hex = el('input', { type: 'checkbox', 'aria-label': `${label} is hex` });
  return {
    element: el('div', { class: 'field' }, el('label', {}, label), input, el('label', { class: 'inline' }, hex, ' hex')),
    read: () => (input.value === '' && !hex.checked ? undefined : { text: input.value, mode: hex.checked ? 'hex' : 'text' }),
    reset: () => {
      input.value = '';
    },
  };
}

/** The selected row, whole, with its edit controls. */
export function rowPane(row: Row, ctx: PaneContext): Pane {
  const actions = el('div', { class: 'actions' });
  const writable = !ctx.readOnly;
  switch (row.kind) {
    case 'hash': {
      const box = valueBox('Value', row.value, ctx.readOnly);
      const target: ValueTarget = { kind: 'hash', field: row.field.b64 };
      if (row.value.truncated) actions.append(button('Load whole value', () => ctx.loadValue(target)));
      if (writable) {
        actions.append(
          button('Save', () => ctx.write({ kind: 'hash.set', field: { b64: row.field.b64 }, value: box.read() }), { class: 'primary' }),
          button('Delete field', () => ctx.write({ kind: 'hash.delete', field: { b64: row.field.b64 } }), { class: 'secondary' }),
        );
      }
      const element = el('section', { class: 'pane', 'aria-label': 'Selected field' }, el('h2', {}, 'Field ', el('code', {}, row.field.display)), box.element, actions);
      return { element, onValue: (t, v) => t.kind === 'hash' && t.field === target.field && box.fill(v) };
    }
    case 'list': {
      const box = valueBox('Value', row.value, ctx.readOnly);
      const target: ValueTarget = { kind: 'list', index: row.index };
      if (row.value.truncated) actions.append(button('Load whole value', () => ctx.loadValue(target)));
      if (writable) {
        actions.append(
          button('Save', () => ctx.write({ kind: 'list.set', index: row.index, value: box.read(), expectedDigest: row.value.digest }), { class: 'primary' }),
          button('Remove item', () => ctx.write({ kind: 'list.remove', index: row.index, expectedDigest: row.value.digest }), { class: 'secondary' }),
        );
      }
      const element = el('section', { class: 'pane', 'aria-label': 'Selected item' }, el('h2', {}, `Item [${row.index}]`), box.element, actions);
      return { element, onValue: (t, v) => t.kind === 'list' && t.index === row.index && box.fill(v) };
    }
    case 'set':
      if (writable) actions.append(button('Remove member', () => ctx.write({ kind: 'set.remove', member: { b64: row.member.b64 } }), { class: 'secondary' }));
      return { element: el('section', { class: 'pane', 'aria-label': 'Selected member' }, el('h2', {}, 'Member'), el('pre', { class: 'value-text' }, row.member.display), actions) };
    case 'zset': {
      const score = el('input', { type: 'text', value: row.score, 'aria-label': 'Score', readonly: ctx.readOnly });
      if (writable) {
        actions.append(
          button('Save score', () => ctx.write({ kind: 'zset.add', member: { b64: row.member.b64 }, score: score.value }), { class: 'primary' }),
          button('Remove member', () => ctx.write({ kind: 'zset.remove', member: { b64: row.member.b64 } }), { class: 'secondary' }),
        );
      }
      const element = el('section', { class: 'pane', 'aria-label': 'Selected member' }, el('h2', {}, 'Member'), el('pre', { class: 'value-text' }, row.member.display), el('div', { class: 'field' }, el('label', {}, 'Score'), score), actions);
      return { element };
    }
    case 'stream':
      return {
        element: el(
          'section',
          { class: 'pane', 'aria-label': 'Selected entry' },
          el('h2', {}, `Entry ${row.id}`),
          ...row.fields.map((f) => el('div', { class: 'field' }, el('label', {}, f.field.display), el('pre', { class: 'value-text' }, f.value.text))),
        ),
      };
  }
}

/** The "add" form for a table kind; undefined for streams and read-only connections. */
export function addForm(kind: Row['kind'], ctx: PaneContext): HTMLElement | undefined {
  if (ctx.readOnly || kind === 'stream') return undefined;
  const form = el('form', { class: 'add-form', 'aria-label': 'Add' });
  const submit = (fn: () => WireWriteOp | undefined) => (e: Event) => {
    e.preventDefault();
    const op = fn();
    if (op) ctx.write(op);
  };
  if (kind === 'hash') {
    const field = bytesInput('New field', false);
    const value = bytesInput('Value', true);
    form.append(field.element, value.element, el('button', { type: 'submit' }, 'Add field'));
    form.addEventListener('submit', submit(() => {
      const f = field.read();
      return f && { kind: 'hash.add', field: f, value: value.read() ?? { text: '', mode: 'text' } };
    }));
  } else if (kind === 'list') {
    const value = bytesInput('New item', true);
    const end = el('select', { 'aria-label': 'Where' }, el('option', { value: 'tail' }, 'at the tail (RPUSH)'), el('option', { value: 'head' }, 'at the head (LPUSH)'));
    form.append(value.element, end, el('button', { type: 'submit' }, 'Push'));
    form.addEventListener('submit', submit(() => {
      const v = value.read();
      return v && { kind: 'list.push', end: end.value === 'head' ? 'head' : 'tail', value: v };
    }));
  } else if (kind === 'set') {
    const member = bytesInput('New member', false);
    form.append(member.element, el('button', { type: 'submit' }, 'Add member'));
    form.addEventListener('submit', submit(() => {
      const m = member.read();
      return m && { kind: 'set.add', member: m };
    }));
  } else {
    const member = bytesInput('New member', false);
    const score = el('input', { type: 'text', placeholder: '0', 'aria-label': 'Score' });
    form.append(member.element, el('div', { class: 'field' }, el('label', {}, 'Score'), score), el('button', { type: 'submit' }, 'Add member'));
    form.addEventListener('submit', submit(() => {
      const m = member.read();
      return m && { kind: 'zset.add', member: m, score: score.value || '0' };
    }));
  }
  return form;
}

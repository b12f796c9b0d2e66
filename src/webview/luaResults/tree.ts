/**
 * A reply as an expandable tree, the way redis-cli prints it: `(nil)`, `(integer) 5`, quoted
 * strings, `(error) ...` in the error colour, arrays numbered `1) 2)`, maps as `key → value`.
 * Arrays, maps and long, binary or JSON strings are native <details> elements (Tab to reach,
 * Enter or Space to open); their contents are built when first opened, long lists a page at a time.
 * Everything from Redis goes in as text.
 */
import type { WireReply } from '../protocol/luaResults';
import { Child, append, button, clear, el } from '../shared/dom';
import { cut, formatBytes, formatCount, hexDump, prettyJson, quote } from './format';

type Bulk = Extract<WireReply, { t: 'bulk' }>;

/** Items built per "Show more" page. */
const PAGE = 200;
/** Arrays and maps up to this size start open (down to OPEN_DEPTH levels). */
const OPEN_ITEMS = 50;
const OPEN_DEPTH = 2;
/** A string longer than this (quoted) gets its own expandable view. */
const INLINE_CHARS = 120;

/** The whole reply. */
export function renderReply(node: WireReply): HTMLElement {
  return el('div', { class: 'reply-tree' }, renderNode(node, [], 0));
}

/** The redis-cli text of a scalar; undefined for arrays and maps. */
function scalar(node: WireReply): { text: string; cls: string } | undefined {
  switch (node.t) {
    case 'nil':
      return { text: '(nil)', cls: 'nil' };
    case 'int':
      return { text: `(integer) ${node.value}`, cls: 'int' };
    case 'double':
      return { text: `(double) ${node.value}`, cls: 'double' };
    case 'bool':
      return { text: node.value ? '(true)' : '(false)', cls: 'bool' };
    case 'error':
      return { text: `(error) ${node.text}`, cls: 'error' };
    case 'bulk':
      return { text: quote(node), cls: node.binary ? 'str binary' : 'str' };
    default:
      return undefined;
  }
}

/** A short one-line label for any node (map keys, summaries). */
function shortText(node: WireReply): string {
  if (node.t === 'array') return `array of ${formatCount(node.items.length + (node.truncated ?? 0))}`;
  if (node.t === 'map') return `map of ${formatCount(node.entries.length + (node.truncated ?? 0))}`;
  return cut(scalar(node)?.text ?? '', INLINE_CHARS);
}

function needsOwnView(node: Bulk): boolean {
  return node.binary || node.json === true || (node.truncated ?? 0) > 0 || node.text.includes('\n') || quote(node).length > INLINE_CHARS;
}

function renderNode(node: WireReply, label: Child[], depth: number): HTMLElement {
  switch (node.t) {
    case 'array':
    case 'map':
      return renderCollection(node, label, depth);
    case 'bulk':
      if (needsOwnView(node)) return renderLongString(node, label);
      break;
  }
  const s = scalar(node) ?? { text: '', cls: '' };
  return el('div', { class: 'row' }, ...label, el('span', { class: `v ${s.cls}` }, s.text));
}

function renderLongString(node: Bulk, label: Child[]): HTMLElement {
  const facts = [node.binary ? 'binary' : node.json ? 'JSON' : 'text', formatBytes(node.size)];
  if (node.truncated) facts.push(`first ${formatBytes(node.size - node.truncated)} kept`);
  const details = el(
    'details',
    { class: 'node string' },
    el('summary', {}, ...label, el('span', { class: `v ${node.binary ? 'str binary' : 'str'}` }, cut(quote(node), INLINE_CHARS)), el('span', { class: 'meta' }, ` ${facts.join(' · ')}`)),
  );
  let built = false;
  details.addEventListener('toggle', () => {
    if (!details.open || built) return;
    built = true;
    details.append(stringBody(node));
  });
  return details;
}

/** The whole string: pretty JSON, raw text, or a hex dump with a toggle to the escaped text. */
function stringBody(node: Bulk): HTMLElement {
  const body = el('div', { class: 'string-body' });
  const note = node.truncated ? el('p', { class: 'note' }, `Showing the first ${formatBytes(node.size - node.truncated)} of ${formatBytes(node.size)}.`) : null;
  if (!node.binary) {
    append(body, el('pre', { class: 'value-text', tabindex: 0, 'aria-label': node.json ? 'JSON, pretty-printed' : 'String value' }, node.json ? prettyJson(node.text) : node.text), note);
    return body;
  }
  const pre = el('pre', { class: 'value-text', tabindex: 0, 'aria-label': 'Bytes as hex' }, hexDump(node.hex ?? ''));
  let asHex = true;
  const toggle = button('Show as text', () => {
    asHex = !asHex;
    pre.textContent = asHex ? hexDump(node.hex ?? '') : node.text;
    pre.setAttribute('aria-label', asHex ? 'Bytes as hex' : 'Bytes as escaped text');
    toggle.textContent = asHex ? 'Show as text' : 'Show as hex';
    toggle.setAttribute('aria-pressed', String(!asHex));
  }, { class: 'secondary small', 'aria-pressed': 'false', title: 'Switch between the hex dump and the text with \\xNN escapes' });
  append(body, el('div', { class: 'actions' }, toggle), pre, note);
  return body;
}

function renderCollection(node: Extract<WireReply, { t: 'array' | 'map' }>, label: Child[], depth: number): HTMLElement {
  const count = node.t === 'array' ? node.items.length : node.entries.length;
  const total = count + (node.truncated ?? 0);
  if (total === 0) return el('div', { class: 'row' }, ...label, el('span', { class: 'v empty' }, node.t === 'array' ? '(empty array)' : '(empty map)'));
  const list = el(node.t === 'array' ? 'ol' : 'ul', { class: `children ${node.t}` });
  const details = el(
    'details',
    { class: `node ${node.t}` },
    el('summary', {}, ...label, el('span', { class: 'v kind' }, `${node.t} of ${formatCount(total)}`)),
    list,
  );
  let shown = 0;
  let more: HTMLElement | undefined;
  const digits = String(count).length;
  const page = (): void => {
    more?.remove();
    const end = Math.min(count, shown + PAGE);
    for (let i = shown; i < end; i++) list.append(el('li', {}, child(node, i, digits, depth)));
    shown = end;
    if (shown < count) {
      const left = count - shown;
      more = el('li', { class: 'more' }, button(`Show ${formatCount(Math.min(PAGE, left))} more (${formatCount(left)} left)`, page, { class: 'secondary small' }));
      list.append(more);
    } else if (node.truncated) {
      list.append(el('li', { class: 'note' }, `… ${formatCount(node.truncated)} more ${node.t === 'array' ? 'items' : 'entries'} not shown: the panel keeps the first ${formatCount(count)}.`));
    }
  };
  details.addEventListener('toggle', () => {
    if (details.open && shown === 0) page();
  });
  if (depth < OPEN_DEPTH && count <= OPEN_ITEMS) {
    page();
    details.open = true;
  }
  return details;
}

function child(node: Extract<WireReply, { t: 'array' | 'map' }>, i: number, digits: number, depth: number): HTMLElement {
  const index = el('span', { class: 'idx' }, node.t === 'array' ? `${i + 1})` : `${i + 1}#`);
  index.style.minWidth = `${digits + 1}ch`;
  if (node.t === 'array') return renderNode(node.items[i], [index, ' '], depth + 1);
  const [key, value] = node.entries[i];
  const k = scalar(key);
  const keyEl = el('span', { class: `v key ${k?.cls ?? 'kind'}` }, shortText(key));
  return renderNode(value, [index, ' ', keyEl, el('span', { class: 'arrow', 'aria-label': 'maps to' }, ' → ')], depth + 1);
}

/** Replaces `host`'s content with the tree of `node`. */
export function showReply(host: HTMLElement, node: WireReply): void {
  clear(host);
  host.append(renderReply(node));
}

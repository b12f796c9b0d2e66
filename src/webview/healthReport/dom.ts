/** Health report helpers on top of the shared DOM builders (which set text only through text nodes). */

import { Child, el } from '../shared/dom';

export { append, button, clear, el, svg } from '../shared/dom';
export type { Child } from '../shared/dom';

/** A table with a header row; cells are nodes or text. `numeric` columns align right. */
export function table(head: string[], rows: Child[][], options: { numeric?: number[]; className?: string } = {}): HTMLTableElement {
  const numeric = new Set(options.numeric ?? []);
  const cls = (i: number) => (numeric.has(i) ? 'num' : undefined);
  return el(
    'table',
    { class: options.className ?? 'grid' },
    el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { class: cls(i), scope: 'col' }, h)))),
    // A row shorter than the header spans its last cell over the remaining columns.
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => el('td', { class: cls(i), colspan: i === r.length - 1 && r.length < head.length ? head.length - i : undefined }, c))))),
  );
}

/** Text cut to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A windowed table: only the rows in view (plus a few) exist in the DOM, so 10,000 rows scroll as
 * smoothly as 10. Rows have a fixed height and one-line cells. Keyboard: the grid is one tab stop;
 * arrows, Page Up/Down, Home/End move the active row (aria-activedescendant), Enter opens it.
 */
import { clear, el } from './dom';

export interface GridColumn {
  title: string;
  /** A CSS grid track, e.g. `minmax(8em, 1fr)`. */
  width: string;
}

const ROW_HEIGHT = 26;
const OVERSCAN = 8;

export class VirtualGrid<T> {
  readonly element: HTMLDivElement;
  private readonly viewport: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private rows: T[] = [];
  private active = -1;
  private frame = 0;

  constructor(
    columns: GridColumn[],
    private readonly cells: (row: T, index: number) => string[],
    private readonly onOpen: (row: T, index: number) => void,
    label: string,
  ) {
    const template = columns.map((c) => c.width).join(' ');
    const header = el('div', { class: 'grid-row grid-header', role: 'row', 'aria-rowindex': 1 }, ...columns.map((c) => el('div', { class: 'grid-cell', role: 'columnheader' }, c.title)));
    header.style.gridTemplateColumns = template;
    this.spacer = el('div', { class: 'grid-spacer', role: 'rowgroup' });
    this.spacer.style.setProperty('--grid-columns', template);
    this.viewport = el('div', { class: 'grid-viewport' }, this.spacer);
    this.element = el('div', { class: 'grid', role: 'grid', tabindex: 0, 'aria-label': label, 'aria-rowcount': 1 }, header, this.viewport);
    this.viewport.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  get length(): number {
    return this.rows.length;
  }

  get activeIndex(): number {
    return this.active;
  }

  /** Replaces the rows (the same array may be passed after changing it in place). */
  setRows(rows: T[]): void {
    this.rows = rows;
    if (this.active >= rows.length) this.active = rows.length - 1;
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    this.element.setAttribute('aria-rowcount', String(rows.length + 1));
    this.render();
  }

  /** Makes row `index` the active one, scrolled into view; `open` also runs onOpen. */
  select(index: number, open = true): void {
    if (index < 0 || index >= this.rows.length) return;
    this.active = index;
    const top = index * ROW_HEIGHT;
    const view = this.viewport;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + ROW_HEIGHT > view.scrollTop + view.clientHeight) view.scrollTop = top + ROW_HEIGHT - view.clientHeight;
    this.render();
    if (open) this.onOpen(this.rows[index], index);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const view = this.viewport;
    const height = view.clientHeight || 400;
    const first = Math.max(0, Math.floor(view.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((view.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    clear(this.spacer);
    for (let i = first; i < last; i++) {
      const cells = this.cells(this.rows[i], i);
      const row = el(
        'div',
        { class: `grid-row${i === this.active ? ' active' : ''}`, role: 'row', id: `row-${i}`, 'aria-rowindex': i + 2, 'aria-selected': i === this.active ? 'true' : 'false' },
        ...cells.map((text) => el('div', { class: 'grid-cell', role: 'gridcell', title: text.length > 60 ? text.slice(0, 1000) : undefined }, text)),
      );
      row.style.top = `${i * ROW_HEIGHT}px`;
      row.addEventListener('click', () => {
        this.element.focus({ preventScroll: true });
        this.select(i);
      });
      this.spacer.appendChild(row);
    }
    if (this.active >= first && this.active < last) this.element.setAttribute('aria-activedescendant', `row-${this.active}`);
    else this.element.removeAttribute('aria-activedescendant');
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    let target: number | undefined;
    if (e.key in moves) target = Math.min(this.rows.length - 1, Math.max(0, (this.active < 0 ? -1 : this.active) + moves[e.key]));
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = this.rows.length - 1;
    else if (e.key === 'Enter' && this.active >= 0) {
      e.preventDefault();
      this.onOpen(this.rows[this.active], this.active);
      return;
    }
    if (target === undefined || this.rows.length === 0) return;
    e.preventDefault();
    this.select(target, false);
    this.onOpen(this.rows[target], target);
  }
}

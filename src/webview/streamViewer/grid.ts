/**
 * A windowed table with selection: only the rows in view (plus a few) exist in the DOM, so 20,000
 * rows scroll as smoothly as 20. Rows have a fixed height and one-line cells. Keyboard: the grid
 * is one tab stop; arrows, Page Up/Down, Home/End move the active row (aria-activedescendant),
 * Enter opens it; with multi-select, Shift extends, Space toggles, Ctrl+A selects all. Scrolling
 * near either end reports the edge, so the owner can fetch the next page that way.
 */
import { clear, el } from './dom';

export interface Column<T> {
  title: string;
  /** A CSS grid track, e.g. `minmax(8em, 1fr)`. */
  width: string;
  cell(row: T): string;
  /** Extra class for the cells (e.g. `num` for right-aligned numbers). */
  className?: string;
}

export interface GridOptions<T> {
  columns: Column<T>[];
  /** A row's identity (selection survives paging and refreshes by it). */
  key(row: T): string;
  label: string;
  multi?: boolean;
  /** The active row changed, or Enter was pressed on it. */
  onOpen?(row: T): void;
  onSelection?(keys: string[]): void;
  /** The view came within a few rows of the first or the last row. */
  onEdge?(edge: 'start' | 'end'): void;
  /** Shown when there are no rows. */
  empty?: string;
}

export const ROW_HEIGHT = 26;
const OVERSCAN = 8;
/** How close to an end (in rows) counts as reaching it. */
const EDGE_ROWS = 10;

export class DataGrid<T> {
  readonly element: HTMLDivElement;
  private readonly viewport: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly emptyEl: HTMLDivElement;
  private rows: T[] = [];
  private active = -1;
  private anchor = -1;
  private readonly selected = new Set<string>();
  private frame = 0;
  private readonly id = `g${Math.random().toString(36).slice(2, 8)}`;

  constructor(private readonly options: GridOptions<T>) {
    const template = options.columns.map((c) => c.width).join(' ');
    const header = el('div', { class: 'grid-row grid-header', role: 'row', 'aria-rowindex': 1 }, ...options.columns.map((c) => el('div', { class: `grid-cell ${c.className ?? ''}`, role: 'columnheader' }, c.title)));
    header.style.gridTemplateColumns = template;
    this.spacer = el('div', { class: 'grid-spacer', role: 'rowgroup' });
    this.spacer.style.setProperty('--grid-columns', template);
    this.emptyEl = el('div', { class: 'grid-empty' }, options.empty ?? 'Nothing to show.');
    this.viewport = el('div', { class: 'grid-viewport' }, this.spacer, this.emptyEl);
    this.element = el('div', {
      class: 'grid', role: 'grid', tabindex: 0, 'aria-label': options.label, 'aria-rowcount': 1,
      'aria-multiselectable': options.multi ? 'true' : undefined,
    }, header, this.viewport);
    this.viewport.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  get length(): number {
    return this.rows.length;
  }

  get activeRow(): T | undefined {
    return this.rows[this.active];
  }

  /** Keys of the selected rows, in table order. */
  get selectedKeys(): string[] {
    return this.rows.map((r) => this.options.key(r)).filter((k) => this.selected.has(k));
  }

  /** True when the view is scrolled to the very top. */
  get atTop(): boolean {
    return this.viewport.scrollTop <= 0;
  }

  /**
   * Replaces the rows. `shift`: how many rows were added (positive) or dropped (negative) above
   * the old first row; with `anchor` the view keeps showing the same rows (it stays at the very
   * top only for `anchor: 'unlessTop'`). Selection and the active row follow their keys.
   */
  setRows(rows: T[], opts: { shift?: number; anchor?: 'always' | 'unlessTop' } = {}): void {
    const activeKey = this.activeRow === undefined ? undefined : this.options.key(this.activeRow);
    const shift = opts.shift ?? 0;
    const keepTop = opts.anchor === 'unlessTop' && this.atTop;
    this.rows = rows;
    const keys = new Set(rows.map((r) => this.options.key(r)));
    let dropped = false;
    for (const k of [...this.selected]) {
      if (!keys.has(k)) {
        this.selected.delete(k);
        dropped = true;
      }
    }
    this.active = activeKey === undefined ? -1 : rows.findIndex((r) => this.options.key(r) === activeKey);
    this.anchor = Math.min(this.anchor, rows.length - 1);
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    this.emptyEl.hidden = rows.length > 0;
    this.element.setAttribute('aria-rowcount', String(rows.length + 1));
    if (shift !== 0 && opts.anchor && !keepTop) this.viewport.scrollTop = Math.max(0, this.viewport.scrollTop + shift * ROW_HEIGHT);
    this.render();
    if (dropped) this.options.onSelection?.(this.selectedKeys);
  }

  /** Makes the row with `key` active and scrolls it into view (to the middle with `center`). */
  reveal(key: string, opts: { open?: boolean; center?: boolean; select?: boolean } = {}): void {
    const index = this.rows.findIndex((r) => this.options.key(r) === key);
    if (index < 0) return;
    if (opts.center) this.viewport.scrollTop = Math.max(0, index * ROW_HEIGHT - this.viewport.clientHeight / 2);
    this.moveTo(index, { extend: false, select: opts.select !== false, open: opts.open !== false });
  }

  scrollToTop(): void {
    this.viewport.scrollTop = 0;
    this.render();
  }

  clearSelection(): void {
    if (this.selected.size === 0) return;
    this.selected.clear();
    this.render();
    this.options.onSelection?.([]);
  }

  private moveTo(index: number, how: { extend: boolean; select: boolean; open: boolean; toggle?: boolean }): void {
    if (index < 0 || index >= this.rows.length) return;
    this.active = index;
    const key = this.options.key(this.rows[index]);
    if (how.toggle && this.options.multi) {
      if (this.selected.has(key)) this.selected.delete(key);
      else this.selected.add(key);
      this.anchor = index;
    } else if (how.extend && this.options.multi && this.anchor >= 0) {
      this.selected.clear();
      const [from, to] = this.anchor < index ? [this.anchor, index] : [index, this.anchor];
      for (let i = from; i <= to; i++) this.selected.add(this.options.key(this.rows[i]));
    } else if (how.select) {
      this.selected.clear();
      this.selected.add(key);
      this.anchor = index;
    }
    const top = index * ROW_HEIGHT;
    const view = this.viewport;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + ROW_HEIGHT > view.scrollTop + view.clientHeight) view.scrollTop = top + ROW_HEIGHT - view.clientHeight;
    this.render();
    this.options.onSelection?.(this.selectedKeys);
    if (how.open) this.options.onOpen?.(this.rows[index]);
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
    const firstVisible = Math.floor(view.scrollTop / ROW_HEIGHT);
    const lastVisible = Math.ceil((view.scrollTop + height) / ROW_HEIGHT);
    const first = Math.max(0, firstVisible - OVERSCAN);
    const last = Math.min(this.rows.length, lastVisible + OVERSCAN);
    clear(this.spacer);
    for (let i = first; i < last; i++) {
      const row = this.rows[i];
      const selected = this.selected.has(this.options.key(row));
      const rowEl = el(
        'div',
        {
          class: `grid-row${i === this.active ? ' active' : ''}${selected ? ' selected' : ''}`, role: 'row', id: `${this.id}-${i}`,
          'aria-rowindex': i + 2, 'aria-selected': selected ? 'true' : 'false',
        },
        ...this.options.columns.map((c) => {
          const text = c.cell(row);
          return el('div', { class: `grid-cell ${c.className ?? ''}`, role: 'gridcell', title: text.length > 40 ? text.slice(0, 1000) : undefined }, text);
        }),
      );
      rowEl.style.top = `${i * ROW_HEIGHT}px`;
      rowEl.addEventListener('click', (e) => {
        this.element.focus({ preventScroll: true });
        const toggle = e.ctrlKey || e.metaKey;
        this.moveTo(i, { extend: e.shiftKey, toggle, select: true, open: !toggle && !e.shiftKey });
      });
      this.spacer.appendChild(rowEl);
    }
    if (this.active >= first && this.active < last) this.element.setAttribute('aria-activedescendant', `${this.id}-${this.active}`);
    else this.element.removeAttribute('aria-activedescendant');
    const onEdge = this.options.onEdge;
    if (onEdge && this.rows.length > 0) {
      if (firstVisible < EDGE_ROWS) queueMicrotask(() => onEdge('start'));
      if (lastVisible > this.rows.length - EDGE_ROWS) queueMicrotask(() => onEdge('end'));
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (this.rows.length === 0) return;
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    const from = this.active < 0 ? -1 : this.active;
    let target: number | undefined;
    if (e.key in moves) target = Math.min(this.rows.length - 1, Math.max(0, from + moves[e.key]));
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = this.rows.length - 1;
    else if (e.key === 'Enter' && this.active >= 0) {
      e.preventDefault();
      this.options.onOpen?.(this.rows[this.active]);
      return;
    } else if (e.key === ' ' && this.options.multi && this.active >= 0) {
      e.preventDefault();
      this.moveTo(this.active, { extend: false, toggle: true, select: true, open: false });
      return;
    } else if ((e.key === 'a' || e.key === 'A') && (e.ctrlKey || e.metaKey) && this.options.multi) {
      e.preventDefault();
      this.rows.forEach((r) => this.selected.add(this.options.key(r)));
      this.render();
      this.options.onSelection?.(this.selectedKeys);
      return;
    }
    if (target === undefined) return;
    e.preventDefault();
    if (e.shiftKey && this.anchor < 0) this.anchor = Math.max(0, from);
    this.moveTo(target, { extend: e.shiftKey, select: !e.shiftKey, open: true });
  }
}

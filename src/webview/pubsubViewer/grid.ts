/**
 * A windowed list for a live feed (adapted from the key editor's VirtualGrid): only the rows in
 * view (plus a few) exist in the DOM, so 10,000 or 1,000,000 rows scroll as smoothly as 10. Rows
 * have a fixed height and one-line cells and are ordered by a numeric key (the message number).
 * As the feed grows it follows the end while the view is scrolled to the bottom; when old rows
 * leave at the top, the rows in view stay where they are. Keyboard: the grid is one tab stop;
 * arrows, Page Up/Down, Home/End move the active row (aria-activedescendant) and open it, as Enter does.
 */
import { clear, el } from '../shared/dom';

export interface GridColumn {
  title: string;
  /** A CSS grid track, e.g. `minmax(8em, 1fr)`. */
  width: string;
}

const ROW_HEIGHT = 24;
const OVERSCAN = 8;

export class FeedGrid<T> {
  readonly element: HTMLDivElement;
  private readonly viewport: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private rows: T[] = [];
  /** Key of the active row (stable while rows come and go). */
  private activeKey: number | undefined;
  private frame = 0;
  /** Keep the newest rows in view: true while the user is at the bottom (or went there with End). */
  private follow = true;

  constructor(
    columns: GridColumn[],
    private readonly key: (row: T) => number,
    private readonly cells: (row: T) => string[],
    private readonly onOpen: (row: T) => void,
    label: string,
    emptyText: string,
  ) {
    const template = columns.map((c) => c.width).join(' ');
    const header = el('div', { class: 'grid-row grid-header', role: 'row', 'aria-rowindex': 1 }, ...columns.map((c) => el('div', { class: 'grid-cell', role: 'columnheader' }, c.title)));
    header.style.gridTemplateColumns = template;
    this.spacer = el('div', { class: 'grid-spacer', role: 'rowgroup' });
    this.spacer.style.setProperty('--grid-columns', template);
    this.empty = el('div', { class: 'grid-empty' }, emptyText);
    this.viewport = el('div', { class: 'grid-viewport' }, this.spacer, this.empty);
    this.element = el('div', { class: 'grid', role: 'grid', tabindex: 0, 'aria-label': label, 'aria-rowcount': 1 }, header, this.viewport);
    this.viewport.addEventListener('scroll', () => {
      this.follow = this.atBottom();
      this.schedule();
    });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    // A smaller viewport (the detail pane opened) must not end following.
    new ResizeObserver(() => {
      if (this.follow) this.toBottom();
      this.schedule();
    }).observe(this.viewport);
  }

  get length(): number {
    return this.rows.length;
  }

  /** The text shown when there are no rows. */
  setEmptyText(text: string): void {
    this.empty.textContent = text;
  }

  /**
   * Replaces the rows (the same array may be passed after changing it in place).
   * `removedFromFront`: how many rows left at the top since the last call, so the view can stay put.
   */
  setRows(rows: T[], removedFromFront = 0): void {
    const view = this.viewport;
    this.rows = rows;
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    this.empty.hidden = rows.length > 0;
    this.element.setAttribute('aria-rowcount', String(rows.length + 1));
    if (this.follow) this.toBottom();
    else if (removedFromFront > 0) view.scrollTop = Math.max(0, view.scrollTop - removedFromFront * ROW_HEIGHT);
    this.schedule();
  }

  private atBottom(): boolean {
    const view = this.viewport;
    return view.scrollTop + view.clientHeight >= view.scrollHeight - ROW_HEIGHT;
  }

  private toBottom(): void {
    this.viewport.scrollTop = this.viewport.scrollHeight;
  }

  /** Index of the row with `key`, or -1 (rows are sorted by key). */
  private indexOf(key: number | undefined): number {
    if (key === undefined) return -1;
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = this.key(this.rows[mid]);
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Makes row `index` the active one, scrolled into view; `open` also runs onOpen. */
  select(index: number, open = true): void {
    if (index < 0 || index >= this.rows.length) return;
    this.activeKey = this.key(this.rows[index]);
    const top = index * ROW_HEIGHT;
    const view = this.viewport;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + ROW_HEIGHT > view.scrollTop + view.clientHeight) view.scrollTop = top + ROW_HEIGHT - view.clientHeight;
    this.follow = index === this.rows.length - 1;
    this.render();
    if (open) this.onOpen(this.rows[index]);
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
    const active = this.indexOf(this.activeKey);
    clear(this.spacer);
    for (let i = first; i < last; i++) {
      const row = this.rows[i];
      const cells = this.cells(row);
      const rowKey = this.key(row);
      const element = el(
        'div',
        { class: `grid-row${i === active ? ' active' : ''}`, role: 'row', id: `row-${rowKey}`, 'aria-rowindex': i + 2, 'aria-selected': i === active ? 'true' : 'false' },
        ...cells.map((text) => el('div', { class: 'grid-cell', role: 'gridcell', title: text.length > 40 ? text.slice(0, 1000) : undefined }, text)),
      );
      element.style.top = `${i * ROW_HEIGHT}px`;
      element.addEventListener('click', () => {
        this.element.focus({ preventScroll: true });
        const at = this.indexOf(rowKey);
        if (at >= 0) this.select(at);
      });
      this.spacer.appendChild(element);
    }
    if (active >= first && active < last) this.element.setAttribute('aria-activedescendant', `row-${this.activeKey}`);
    else this.element.removeAttribute('aria-activedescendant');
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    const active = this.indexOf(this.activeKey);
    let target: number | undefined;
    if (e.key in moves) target = Math.min(this.rows.length - 1, Math.max(0, (active < 0 ? -1 : active) + moves[e.key]));
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = this.rows.length - 1;
    else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      this.onOpen(this.rows[active]);
      return;
    }
    if (target === undefined || this.rows.length === 0) return;
    e.preventDefault();
    this.select(target);
  }
}

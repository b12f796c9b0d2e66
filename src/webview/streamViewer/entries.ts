/**
 * The Entries tab: a windowed table of entries, newest first, that fetches the next page when
 * scrolled near either end; jump to an ID or a time; the live tail toggle (new entries land on
 * top, the view stays put when scrolled away); the selected entry's detail pane; and, unless the
 * connection is read-only, add / delete selected / trim.
 */
import type { HostMessage, StreamHeader, WireEntry } from '../protocol/streamViewer';
import { entryDetail } from './detail';
import { append, button, clear, compareIds, el, formatCount, idTime, oneLine } from './dom';
import { addEntryForm, disclosure, trimForm, Write } from './forms';
import { DataGrid } from './grid';
import { send } from './vscodeApi';

/** Most rows kept; past it, rows at the far end are dropped (and can be paged back in). */
export const MAX_ROWS = 20_000;

export interface TabContext {
  write: Write;
  status(text: string, kind?: 'info' | 'error'): void;
}

function fieldsLine(e: WireEntry): string {
  return oneLine(e.fields.map((f) => `${f.field.display}=${f.value.text}`).join(' '), 500);
}

export class EntriesTab {
  readonly element: HTMLElement;
  private rows: WireEntry[] = [];
  private ids = new Set<string>();
  private moreOlder = false;
  private moreNewer = false;
  private loadingOlder = false;
  private loadingNewer = false;
  private tailing = false;
  /** Tail entries that arrived while the view was scrolled away from the top. */
  private newAbove = 0;
  private header: StreamHeader | undefined;
  private detailId: string | undefined;
  private readonly grid: DataGrid<WireEntry>;
  private readonly tailButton: HTMLButtonElement;
  private readonly writeBar = el('div', { class: 'toolbar write-bar' });
  private readonly deleteButton: HTMLButtonElement;
  private readonly countEl = el('span', { class: 'count', role: 'status' });
  private readonly newerButton: HTMLButtonElement;
  private readonly olderButton: HTMLButtonElement;
  private readonly newAboveButton: HTMLButtonElement;
  private readonly detailHost = el('div', { class: 'detail-host' });

  constructor(private readonly ctx: TabContext) {
    this.grid = new DataGrid<WireEntry>({
      columns: [
        { title: 'ID', width: 'minmax(11em, 16em)', cell: (e) => e.id },
        { title: 'Time', width: '17em', cell: (e) => idTime(e.id) },
        { title: 'Fields', width: 'minmax(12em, 1fr)', cell: fieldsLine },
      ],
      key: (e) => e.id,
      label: 'Stream entries, newest first',
      multi: true,
      onOpen: (e) => this.showDetail(e),
      onSelection: (keys) => this.onSelection(keys),
      onEdge: (edge) => this.onEdge(edge),
      empty: 'No entries.',
    });
    const jump = el('input', { type: 'text', spellcheck: 'false', placeholder: 'ID, ms or date-time (2024-05-01 12:00)', 'aria-label': 'Jump to an entry ID or a time', class: 'jump-input' });
    const jumpForm = el('form', { class: 'inline-form', role: 'search' }, jump, el('button', { type: 'submit', class: 'secondary' }, 'Jump'));
    jumpForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!jump.value.trim()) return;
      ctx.status(`Jumping to ${jump.value.trim()}…`);
      send({ type: 'jump', target: jump.value });
    });
    this.tailButton = button('Live tail', () => this.toggleTail(), { class: 'secondary toggle', 'aria-pressed': 'false', title: 'Show new entries as they are added (XREAD BLOCK on a connection of its own)' });
    const newest = button('Newest', () => send({ type: 'refresh' }), { class: 'secondary', title: 'Back to the newest entries' });
    this.deleteButton = button('Delete selected…', () => ctx.write({ kind: 'delete', ids: this.grid.selectedKeys }), { class: 'secondary', disabled: true });
    this.newerButton = button('Load newer', () => this.onEdge('start'), { class: 'link', hidden: true });
    this.olderButton = button('Load older', () => this.onEdge('end'), { class: 'link', hidden: true });
    this.newAboveButton = button('', () => {
      this.newAbove = 0;
      this.grid.scrollToTop();
      this.updateFooter();
    }, { class: 'link', hidden: true });
    this.element = el(
      'div',
      { class: 'tab-body entries-tab' },
      el('div', { class: 'toolbar' }, jumpForm, newest, this.tailButton),
      this.writeBar,
      el('div', { class: 'table-note' }, this.newAboveButton, this.newerButton),
      this.grid.element,
      el('div', { class: 'table-footer' }, this.countEl, this.olderButton),
      this.detailHost,
    );
  }

  /** Focus target when the tab is shown. */
  get focusTarget(): HTMLElement {
    return this.grid.element;
  }

  setHeader(h: StreamHeader): void {
    const writable = !h.readOnly;
    if (this.header?.readOnly !== h.readOnly || !this.writeBar.firstChild) {
      clear(this.writeBar);
      if (writable) append(this.writeBar, disclosure('Add entry…', addEntryForm(this.ctx.write)), this.deleteButton, disclosure('Trim…', trimForm(this.ctx.write)));
    }
    this.writeBar.hidden = !writable;
    this.header = h;
    this.updateFooter();
  }

  setTail(on: boolean, error?: string): void {
    this.tailing = on;
    this.tailButton.setAttribute('aria-pressed', String(on));
    this.tailButton.textContent = on ? '● Live tail' : 'Live tail';
    this.tailButton.classList.toggle('on', on);
    if (error) this.ctx.status(error, 'error');
  }

  /** A failed request: allow the next page request again. */
  resetLoading(): void {
    this.loadingOlder = false;
    this.loadingNewer = false;
  }

  onEntries(m: Extract<HostMessage, { type: 'entries' }>): void {
    switch (m.mode) {
      case 'replace':
        this.rows = m.entries.slice();
        this.ids = new Set(this.rows.map((e) => e.id));
        this.moreOlder = m.moreOlder ?? false;
        this.moreNewer = m.moreNewer ?? false;
        this.resetLoading();
        this.newAbove = 0;
        this.grid.setRows(this.rows);
        if (m.focusId) {
          this.grid.reveal(m.focusId, { center: true });
          this.ctx.status(`Showing the entries around ${m.focusId} (${idTime(m.focusId)}).`);
        } else {
          this.grid.scrollToTop();
        }
        if (this.detailId && !this.ids.has(this.detailId)) this.clearDetail();
        break;
      case 'older': {
        this.loadingOlder = false;
        const fresh = this.fresh(m.entries);
        this.rows.push(...fresh);
        if (m.moreOlder !== undefined) this.moreOlder = m.moreOlder;
        const drop = Math.max(0, this.rows.length - MAX_ROWS);
        if (drop) {
          this.forget(this.rows.splice(0, drop));
          this.moreNewer = true;
        }
        this.grid.setRows(this.rows, { shift: -drop, anchor: 'always' });
        break;
      }
      case 'newer':
      case 'tail': {
        if (m.mode === 'newer') this.loadingNewer = false;
        // Tail entries belong on top only while the table reaches the newest entry.
        if (m.mode === 'tail' && this.moreNewer) break;
        const fresh = this.fresh(m.entries);
        if (m.mode === 'newer' && m.moreNewer !== undefined) this.moreNewer = m.moreNewer;
        if (fresh.length === 0) break;
        const wasTop = this.grid.atTop;
        const top = this.rows[0];
        if (!top || fresh.every((e) => compareIds(e.id, top.id) > 0)) this.rows = [...fresh, ...this.rows];
        else this.rows = [...fresh, ...this.rows].sort((a, b) => compareIds(b.id, a.id));
        const drop = Math.max(0, this.rows.length - MAX_ROWS);
        if (drop) {
          this.forget(this.rows.splice(this.rows.length - drop, drop));
          this.moreOlder = true;
        }
        this.grid.setRows(this.rows, { shift: fresh.length, anchor: m.mode === 'tail' ? 'unlessTop' : 'always' });
        if (m.mode === 'tail' && !wasTop) this.newAbove += fresh.length;
        if (m.mode === 'tail' && wasTop) this.newAbove = 0;
        break;
      }
    }
    this.updateFooter();
  }

  /** A whole entry for the detail pane. */
  onEntry(m: Extract<HostMessage, { type: 'entry' }>): void {
    if (!m.entry) {
      this.ctx.status(`Entry ${m.id} no longer exists.`, 'error');
      return;
    }
    const at = this.rows.findIndex((e) => e.id === m.id);
    if (at >= 0) this.rows[at] = m.entry;
    if (this.detailId === m.id) this.showDetail(m.entry);
  }

  onRemoved(ids: string[]): void {
    const gone = new Set(ids);
    const before = this.rows.length;
    this.rows = this.rows.filter((e) => !gone.has(e.id));
    this.forget(ids.map((id) => ({ id, fields: [] })));
    if (this.rows.length !== before) this.grid.setRows(this.rows);
    if (this.detailId && gone.has(this.detailId)) this.clearDetail();
    this.updateFooter();
  }

  private fresh(entries: WireEntry[]): WireEntry[] {
    const out = entries.filter((e) => !this.ids.has(e.id));
    out.forEach((e) => this.ids.add(e.id));
    return out;
  }

  private forget(entries: { id: string }[]): void {
    entries.forEach((e) => this.ids.delete(e.id));
  }

  private toggleTail(): void {
    if (this.tailing) {
      send({ type: 'tail', on: false });
      return;
    }
    // At the newest entry: tail from it, so nothing added since this page was read is missed.
    // Otherwise the host goes back to the newest page first.
    if (this.moreNewer) send({ type: 'tail', on: true });
    else send({ type: 'tail', on: true, after: this.rows[0]?.id ?? '0-0' });
  }

  private onEdge(edge: 'start' | 'end'): void {
    if (edge === 'end' && this.moreOlder && !this.loadingOlder && this.rows.length) {
      this.loadingOlder = true;
      send({ type: 'loadOlder', before: this.rows[this.rows.length - 1].id });
    } else if (edge === 'start' && this.moreNewer && !this.loadingNewer && this.rows.length) {
      this.loadingNewer = true;
      send({ type: 'loadNewer', after: this.rows[0].id });
    }
  }

  private onSelection(keys: string[]): void {
    this.deleteButton.disabled = keys.length === 0;
    this.deleteButton.textContent = keys.length > 1 ? `Delete ${formatCount(keys.length)} selected…` : 'Delete selected…';
  }

  private showDetail(e: WireEntry): void {
    this.detailId = e.id;
    clear(this.detailHost);
    this.detailHost.append(entryDetail(e, (id) => send({ type: 'loadEntry', id })));
  }

  private clearDetail(): void {
    this.detailId = undefined;
    clear(this.detailHost);
  }

  private updateFooter(): void {
    const length = this.header?.info?.length;
    const where = this.moreNewer ? 'newer entries above' : 'newest first';
    this.countEl.textContent = `Showing ${formatCount(this.rows.length)}${length !== undefined ? ` of ${formatCount(length)}` : ''} · ${where}`;
    this.olderButton.hidden = !this.moreOlder;
    this.newerButton.hidden = !this.moreNewer;
    this.newAboveButton.hidden = this.newAbove === 0;
    this.newAboveButton.textContent = `↑ ${formatCount(this.newAbove)} new — show newest`;
  }
}

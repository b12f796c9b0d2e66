/**
 * The Consumer groups tab: the groups (XINFO GROUPS); for the selected group its consumers and
 * its pending entries (XPENDING, paged, optionally one consumer's); and, unless read-only, the
 * group actions: create, set ID, delete, delete consumer, acknowledge / claim the selected
 * pending entries, auto-claim.
 */
import type { HostMessage, StreamHeader, WireConsumer, WireGroup, WirePending } from '../protocol/streamViewer';
import { append, button, clear, el, formatCount, formatDuration } from './dom';
import type { TabContext } from './entries';
import { createGroupForm, disclosure, inlineForm, labelled } from './forms';
import { DataGrid } from './grid';
import { send } from './vscodeApi';

const dash = (v: number | null) => (v === null ? '—' : formatCount(v));

export class GroupsTab {
  readonly element: HTMLElement;
  private loaded = false;
  private readOnly = true;
  private groups: WireGroup[] = [];
  private selected: string | undefined;
  private consumers: WireConsumer[] = [];
  private pending: WirePending[] = [];
  private pendingMore = false;
  private pendingConsumer: string | undefined;
  private loadingPending = false;
  private selectedConsumer: string | undefined;
  private pendingSelection: string[] = [];
  private readonly groupsGrid: DataGrid<WireGroup>;
  private readonly consumersGrid: DataGrid<WireConsumer>;
  private readonly pendingGrid: DataGrid<WirePending>;
  private readonly createHost = el('div', { class: 'toolbar write-bar' });
  private readonly groupSection = el('section', { class: 'group-section', hidden: true });
  private readonly groupTitle = el('h2', {});
  private readonly groupActions = el('div', { class: 'toolbar write-bar' });
  private readonly consumerActions = el('div', { class: 'toolbar write-bar' });
  private readonly pendingActions = el('div', { class: 'toolbar write-bar pending-actions' });
  private readonly filter = el('select', { 'aria-label': 'Pending entries of' });
  private readonly pendingCount = el('span', { class: 'count', role: 'status' });
  private readonly pendingMoreButton: HTMLButtonElement;

  constructor(private readonly ctx: TabContext) {
    this.groupsGrid = new DataGrid<WireGroup>({
      columns: [
        { title: 'Group', width: 'minmax(8em, 2fr)', cell: (g) => g.name.display },
        { title: 'Consumers', width: 'minmax(5em, 1fr)', cell: (g) => formatCount(g.consumers), className: 'num' },
        { title: 'Pending', width: 'minmax(5em, 1fr)', cell: (g) => formatCount(g.pending), className: 'num' },
        { title: 'Last delivered', width: 'minmax(10em, 2fr)', cell: (g) => g.lastDeliveredId },
        { title: 'Entries read', width: 'minmax(6em, 1fr)', cell: (g) => dash(g.entriesRead), className: 'num' },
        { title: 'Lag', width: 'minmax(4em, 1fr)', cell: (g) => dash(g.lag), className: 'num' },
      ],
      key: (g) => g.name.b64,
      label: 'Consumer groups',
      onOpen: (g) => this.selectGroup(g),
      empty: 'No consumer groups.',
    });
    this.consumersGrid = new DataGrid<WireConsumer>({
      columns: [
        { title: 'Consumer', width: 'minmax(8em, 2fr)', cell: (c) => c.name.display },
        { title: 'Pending', width: 'minmax(4em, 1fr)', cell: (c) => formatCount(c.pending), className: 'num' },
        { title: 'Idle', width: 'minmax(5em, 1fr)', cell: (c) => formatDuration(c.idleMs), className: 'num' },
        { title: 'Inactive', width: 'minmax(5em, 1fr)', cell: (c) => (c.inactiveMs === null ? '—' : formatDuration(c.inactiveMs)), className: 'num' },
      ],
      key: (c) => c.name.b64,
      label: 'Consumers of the selected group',
      onOpen: (c) => this.selectConsumer(c),
      empty: 'No consumers.',
    });
    this.pendingGrid = new DataGrid<WirePending>({
      columns: [
        { title: 'ID', width: 'minmax(11em, 2fr)', cell: (p) => p.id },
        { title: 'Consumer', width: 'minmax(7em, 2fr)', cell: (p) => p.consumer.display },
        { title: 'Idle', width: 'minmax(5em, 1fr)', cell: (p) => formatDuration(p.idleMs), className: 'num' },
        { title: 'Deliveries', width: 'minmax(5em, 1fr)', cell: (p) => formatCount(p.deliveries), className: 'num' },
      ],
      key: (p) => p.id,
      label: 'Pending entries of the selected group',
      multi: true,
      onSelection: (keys) => this.onPendingSelection(keys),
      onEdge: (edge) => edge === 'end' && this.loadMorePending(),
      empty: 'Nothing pending.',
    });
    this.pendingMoreButton = button('Load more', () => this.loadMorePending(), { class: 'link', hidden: true });
    this.filter.addEventListener('change', () => {
      if (this.selected) send({ type: 'selectGroup', group: this.selected, consumer: this.filter.value || undefined });
    });
    append(
      this.groupSection,
      this.groupTitle,
      this.groupActions,
      el(
        'div',
        { class: 'group-split' },
        el('div', { class: 'split-part' }, el('h3', {}, 'Consumers'), this.consumersGrid.element, this.consumerActions),
        el(
          'div',
          { class: 'split-part' },
          el('h3', {}, 'Pending entries'),
          el('div', { class: 'toolbar' }, labelled('Of', this.filter, 'inline')),
          this.pendingGrid.element,
          el('div', { class: 'table-footer' }, this.pendingCount, this.pendingMoreButton),
          this.pendingActions,
        ),
      ),
    );
    this.element = el(
      'div',
      { class: 'tab-body groups-tab' },
      el('div', { class: 'toolbar' }, button('Refresh groups', () => send({ type: 'loadGroups' }), { class: 'secondary' })),
      this.createHost,
      el('div', { class: 'groups-grid' }, this.groupsGrid.element),
      this.groupSection,
    );
  }

  get focusTarget(): HTMLElement {
    return this.groupsGrid.element;
  }

  /** The tab became visible: read the groups the first time. */
  shown(): void {
    if (this.loaded) return;
    this.loaded = true;
    send({ type: 'loadGroups' });
  }

  setHeader(h: StreamHeader): void {
    const changed = this.readOnly !== h.readOnly || !this.createHost.firstChild;
    this.readOnly = h.readOnly;
    if (changed) {
      clear(this.createHost);
      if (!h.readOnly) this.createHost.append(disclosure('Create group…', createGroupForm(this.ctx.write)));
      this.renderGroupActions();
    }
    for (const bar of [this.createHost, this.groupActions, this.consumerActions, this.pendingActions]) bar.hidden = h.readOnly;
  }

  onGroups(m: Extract<HostMessage, { type: 'groups' }>): void {
    this.loaded = true;
    this.groups = m.groups;
    this.groupsGrid.setRows(this.groups);
    if (this.selected && !this.groups.some((g) => g.name.b64 === this.selected)) {
      this.selected = undefined;
      this.groupSection.hidden = true;
    }
    this.renderTitle();
  }

  onConsumers(m: Extract<HostMessage, { type: 'consumers' }>): void {
    if (m.group !== this.selected) return;
    this.consumers = m.consumers;
    this.consumersGrid.setRows(this.consumers);
    if (this.selectedConsumer && !this.consumers.some((c) => c.name.b64 === this.selectedConsumer)) this.selectedConsumer = undefined;
    const keep = this.pendingConsumer;
    clear(this.filter);
    this.filter.append(el('option', { value: '' }, 'all consumers'), ...this.consumers.map((c) => el('option', { value: c.name.b64 }, c.name.display)));
    this.filter.value = keep ?? '';
    this.renderConsumerActions();
  }

  onPending(m: Extract<HostMessage, { type: 'pending' }>): void {
    if (m.group !== this.selected) return;
    this.loadingPending = false;
    this.pendingConsumer = m.consumer;
    this.filter.value = m.consumer ?? '';
    if (m.append) {
      const known = new Set(this.pending.map((p) => p.id));
      this.pending.push(...m.entries.filter((p) => !known.has(p.id)));
    } else {
      this.pending = m.entries.slice();
    }
    this.pendingMore = m.more;
    this.pendingGrid.setRows(this.pending);
    this.pendingMoreButton.hidden = !m.more;
    this.pendingCount.textContent = `${formatCount(this.pending.length)}${m.more ? '+' : ''} pending${m.consumer ? ' for this consumer' : ''}`;
  }

  resetLoading(): void {
    this.loadingPending = false;
  }

  private get group(): WireGroup | undefined {
    return this.groups.find((g) => g.name.b64 === this.selected);
  }

  private selectGroup(g: WireGroup): void {
    if (this.selected === g.name.b64) return;
    this.selected = g.name.b64;
    this.pendingConsumer = undefined;
    this.selectedConsumer = undefined;
    this.consumers = [];
    this.pending = [];
    this.consumersGrid.setRows([]);
    this.pendingGrid.setRows([]);
    this.groupSection.hidden = false;
    this.renderTitle();
    this.renderGroupActions();
    this.renderConsumerActions();
    send({ type: 'selectGroup', group: g.name.b64 });
  }

  private selectConsumer(c: WireConsumer): void {
    this.selectedConsumer = c.name.b64;
    this.renderConsumerActions();
  }

  private loadMorePending(): void {
    if (!this.selected || !this.pendingMore || this.loadingPending || this.pending.length === 0) return;
    this.loadingPending = true;
    send({ type: 'loadPending', group: this.selected, consumer: this.pendingConsumer, after: this.pending[this.pending.length - 1].id });
  }

  private renderTitle(): void {
    const g = this.group;
    clear(this.groupTitle);
    if (!g) return;
    append(this.groupTitle, 'Group ', el('code', {}, g.name.display), el('span', { class: 'note' }, ` last delivered ${g.lastDeliveredId} · ${formatCount(g.pending)} pending · lag ${dash(g.lag)}`));
  }

  private renderGroupActions(): void {
    clear(this.groupActions);
    if (this.readOnly) return;
    const id = el('input', { type: 'text', spellcheck: 'false', placeholder: '$, 0 or an ID', class: 'id-input', 'aria-label': 'New last delivered ID' });
    append(
      this.groupActions,
      inlineForm('Set the group ID', [el('span', { class: 'action-label' }, 'XGROUP SETID'), id], 'Set ID…', () => this.selected && this.ctx.write({ kind: 'setGroupId', group: this.selected, id: id.value })),
      button('Delete group…', () => this.selected && this.ctx.write({ kind: 'deleteGroup', group: this.selected }), { class: 'secondary danger' }),
    );
    this.renderPendingActions();
  }

  private renderConsumerActions(): void {
    clear(this.consumerActions);
    if (this.readOnly) return;
    const c = this.consumers.find((x) => x.name.b64 === this.selectedConsumer);
    this.consumerActions.append(
      button(c ? `Delete consumer ${c.name.display}…` : 'Delete consumer…', () => c && this.selected && this.ctx.write({ kind: 'deleteConsumer', group: this.selected, consumer: c.name.b64 }), {
        class: 'secondary danger', disabled: !c, title: c ? undefined : 'Select a consumer first',
      }),
    );
  }

  private onPendingSelection(keys: string[]): void {
    this.pendingSelection = keys;
    const ack = this.pendingActions.querySelector<HTMLButtonElement>('.ack');
    if (ack) {
      ack.disabled = keys.length === 0;
      ack.textContent = keys.length ? `Acknowledge ${formatCount(keys.length)}…` : 'Acknowledge selected…';
    }
    const claim = this.pendingActions.querySelector<HTMLButtonElement>('.claim button[type=submit]');
    if (claim) claim.textContent = keys.length ? `Claim ${formatCount(keys.length)}…` : 'Claim selected…';
  }

  private renderPendingActions(): void {
    clear(this.pendingActions);
    if (this.readOnly) return;
    const consumer = (label: string) => el('input', { type: 'text', spellcheck: 'false', placeholder: 'consumer', class: 'name-input', 'aria-label': label });
    const ms = (label: string) => el('input', { type: 'number', min: 0, value: 60000, class: 'num-input', 'aria-label': label });
    const to = consumer('Claim for consumer');
    const idle = ms('Claim: minimum idle time in milliseconds');
    const autoTo = consumer('Auto-claim for consumer');
    const autoIdle = ms('Auto-claim: minimum idle time in milliseconds');
    const autoCount = el('input', { type: 'number', min: 1, value: 100, class: 'num-input short', 'aria-label': 'Auto-claim count' });
    const autoStart = el('input', { type: 'text', spellcheck: 'false', value: '0-0', class: 'id-input', 'aria-label': 'Auto-claim start ID' });
    const claimForm = inlineForm('Claim the selected pending entries', [el('span', { class: 'action-label' }, 'XCLAIM to'), to, el('span', {}, 'idle ≥'), idle, el('span', {}, 'ms')], 'Claim selected…', () => {
      if (this.selected) this.ctx.write({ kind: 'claim', group: this.selected, consumer: { text: to.value, mode: 'text' }, minIdleMs: Number(idle.value), ids: this.pendingSelection });
    });
    claimForm.classList.add('claim');
    const autoForm = inlineForm(
      'Auto-claim idle pending entries',
      [el('span', { class: 'action-label' }, 'XAUTOCLAIM to'), autoTo, el('span', {}, 'idle ≥'), autoIdle, el('span', {}, 'ms, count'), autoCount, el('span', {}, 'from'), autoStart],
      'Auto-claim…',
      () => {
        if (!this.selected) return;
        this.ctx.write({ kind: 'autoClaim', group: this.selected, consumer: { text: autoTo.value, mode: 'text' }, minIdleMs: Number(autoIdle.value), count: Number(autoCount.value), start: autoStart.value });
      },
    );
    append(
      this.pendingActions,
      el('div', { class: 'inline-form' }, button('Acknowledge selected…', () => this.selected && this.ctx.write({ kind: 'ack', group: this.selected, ids: this.pendingSelection }), { class: 'secondary ack', disabled: true })),
      claimForm,
      autoForm,
    );
    this.onPendingSelection(this.pendingGrid.selectedKeys);
  }
}

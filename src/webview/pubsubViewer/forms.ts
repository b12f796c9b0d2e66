/**
 * The controls above the live list: the subscribe form with the list of subscriptions (each with
 * its unsubscribe button), the server's active channels (click one to subscribe), and the publish
 * form. Names from Redis are set as text only; they go back to the host as their exact bytes.
 */
import type { ActiveChannelRow, HostMessage, PanelInfo, SubscriptionKind, WireSubscription } from '../protocol/pubsubViewer';
import { append, button, clear, el } from '../shared/dom';
import { formatCount } from './format';
import { send } from './vscodeApi';

const KIND_LABEL: Record<SubscriptionKind, string> = { channel: 'channel', pattern: 'pattern', shard: 'shard channel' };
const PLACEHOLDER: Record<SubscriptionKind, string> = { channel: 'e.g. orders:created', pattern: 'e.g. orders:*', shard: 'e.g. {orders}:created' };

/** The subscribe form and the list of current subscriptions. */
export class SubscribePanel {
  readonly element: HTMLElement;
  private readonly kind: HTMLSelectElement;
  private readonly name: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private subscribed = new Set<string>();

  constructor() {
    this.kind = el('select', { 'aria-label': 'Subscribe to' }, el('option', { value: 'channel' }, 'Channel (SUBSCRIBE)'), el('option', { value: 'pattern' }, 'Pattern (PSUBSCRIBE)'));
    this.name = el('input', { type: 'text', spellcheck: 'false', 'aria-label': 'Channel name or pattern', placeholder: PLACEHOLDER.channel, required: true });
    this.kind.addEventListener('change', () => {
      this.name.placeholder = PLACEHOLDER[this.kind.value as SubscriptionKind];
    });
    const form = el('form', { class: 'inline-form', 'aria-label': 'Subscribe' }, this.kind, this.name, el('button', { type: 'submit' }, 'Subscribe'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.name.value;
      if (!text) return;
      send({ type: 'subscribe', kind: this.kind.value as SubscriptionKind, name: { text } });
      this.name.value = '';
    });
    this.list = el('ul', { class: 'subscriptions', 'aria-label': 'Subscriptions' });
    this.element = el('section', { class: 'card', 'aria-labelledby': 'subscribe-title' }, el('h2', { id: 'subscribe-title' }, 'Subscriptions'), form, this.list);
    this.render([]);
  }

  setInfo(info: PanelInfo): void {
    const hasShard = [...this.kind.options].some((o) => o.value === 'shard');
    if (info.sharded && !hasShard) this.kind.append(el('option', { value: 'shard' }, 'Shard channel (SSUBSCRIBE)'));
  }

  /** True when `kind`/`b64` is subscribed now. */
  has(kind: SubscriptionKind, b64: string): boolean {
    return this.subscribed.has(`${kind} ${b64}`);
  }

  render(subscriptions: WireSubscription[]): void {
    this.subscribed = new Set(subscriptions.map((s) => `${s.kind} ${s.name.b64}`));
    clear(this.list);
    if (subscriptions.length === 0) {
      this.list.append(el('li', { class: 'note' }, 'None yet: subscribe above, or pick a server channel.'));
      return;
    }
    for (const s of subscriptions) {
      const label = `${KIND_LABEL[s.kind]} ${s.name.display}`;
      this.list.append(
        el(
          'li',
          { class: 'subscription' },
          el('span', { class: `kind kind-${s.kind}` }, KIND_LABEL[s.kind]),
          el('span', { class: 'name', title: s.name.display }, s.name.display),
          button('×', () => send({ type: 'unsubscribe', kind: s.kind, b64: s.name.b64 }), { class: 'icon', title: `Unsubscribe from ${label}`, 'aria-label': `Unsubscribe from ${label}` }),
        ),
      );
    }
  }
}

/** The server's active channels with subscriber counts; a click subscribes. */
export class ChannelsPanel {
  readonly element: HTMLElement;
  private readonly pattern: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly summary: HTMLElement;
  private last: Extract<HostMessage, { type: 'channels' }> | undefined;

  constructor(private readonly isSubscribed: (kind: SubscriptionKind, b64: string) => boolean) {
    this.pattern = el('input', { type: 'text', spellcheck: 'false', 'aria-label': 'Channel filter (glob pattern)', placeholder: 'all, or e.g. orders:*' });
    const form = el('form', { class: 'inline-form', 'aria-label': 'List server channels' }, this.pattern, el('button', { type: 'submit', class: 'secondary' }, 'Refresh'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.refresh();
    });
    this.summary = el('div', { class: 'note', role: 'status' });
    this.list = el('ul', { class: 'channels', 'aria-label': 'Active channels on the server' });
    this.element = el('section', { class: 'card', 'aria-labelledby': 'channels-title' }, el('h2', { id: 'channels-title' }, 'Active channels'), form, this.summary, this.list);
  }

  refresh(): void {
    this.summary.textContent = 'Asking the server…';
    send({ type: 'refreshChannels', pattern: this.pattern.value });
  }

  render(message: Extract<HostMessage, { type: 'channels' }>): void {
    this.last = message;
    clear(this.list);
    const n = message.channels.length;
    this.summary.textContent = `${n === 0 ? 'No' : formatCount(n)}${message.truncated ? '+' : ''} channel${n === 1 ? '' : 's'} with subscribers${message.pattern ? ` matching ${message.pattern}` : ''} · ${formatCount(message.patternSubscriptions)} pattern subscription${message.patternSubscriptions === 1 ? '' : 's'}${message.truncated ? ' (the most subscribed shown)' : ''}`;
    for (const c of message.channels) this.list.append(this.row(c));
  }

  /** Re-marks which channels are subscribed (after the subscriptions changed). */
  update(): void {
    if (this.last) this.render(this.last);
  }

  private row(c: ActiveChannelRow): HTMLElement {
    const kind: SubscriptionKind = c.shard ? 'shard' : 'channel';
    const subscribed = this.isSubscribed(kind, c.name.b64);
    const counts = `${formatCount(c.subscribers)} subscriber${c.subscribers === 1 ? '' : 's'}`;
    const b = button('', () => send({ type: 'subscribe', kind, name: { b64: c.name.b64 } }), {
      class: 'channel-row',
      disabled: subscribed,
      'aria-label': `${subscribed ? 'Subscribed to' : 'Subscribe to'} ${KIND_LABEL[kind]} ${c.name.display}, ${counts}`,
      title: subscribed ? 'Subscribed' : `Subscribe to ${c.name.display}`,
    });
    append(b, el('span', { class: 'name' }, c.name.display), c.shard ? el('span', { class: 'kind kind-shard' }, 'shard') : null, el('span', { class: 'count' }, counts));
    return el('li', {}, b);
  }
}

/** The publish form: channel, payload (text or hex), PUBLISH or SPUBLISH; shows the receiver count. */
export class PublishPanel {
  readonly element: HTMLElement;
  private readonly result: HTMLElement;
  private readonly command: HTMLSelectElement;
  private nextRequest = 1;
  private pending = 0;

  constructor(info: PanelInfo) {
    const channel = el('input', { type: 'text', spellcheck: 'false', 'aria-label': 'Channel to publish to', placeholder: 'channel', required: true });
    const payload = el('textarea', { rows: 3, spellcheck: 'false', 'aria-label': 'Payload', placeholder: 'payload (Ctrl+Enter publishes)' });
    const hex = el('input', { type: 'checkbox', 'aria-label': 'Payload is hex bytes' });
    this.command = el('select', { 'aria-label': 'Command' }, el('option', { value: 'PUBLISH' }, 'PUBLISH'));
    if (info.sharded) this.command.append(el('option', { value: 'SPUBLISH' }, 'SPUBLISH (shard channel)'));
    this.result = el('div', { class: 'note result', role: 'status', 'aria-live': 'polite' });
    const submit = el('button', { type: 'submit' }, 'Publish');
    const form = el(
      'form',
      { class: 'publish-form', 'aria-label': 'Publish' },
      el('div', { class: 'inline-form' }, this.command, channel),
      payload,
      el('div', { class: 'inline-form' }, el('label', { class: 'inline' }, hex, ' hex'), submit, this.result),
    );
    const publish = () => {
      if (!channel.value) {
        channel.focus();
        return;
      }
      this.pending = this.nextRequest++;
      this.result.className = 'note result';
      this.result.textContent = 'Publishing…';
      send({ type: 'publish', requestId: this.pending, channel: channel.value, payload: payload.value, payloadMode: hex.checked ? 'hex' : 'text', sharded: this.command.value === 'SPUBLISH' });
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      publish();
    });
    payload.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        publish();
      }
    });
    this.element = el('section', { class: 'card', 'aria-labelledby': 'publish-title' }, el('h2', { id: 'publish-title' }, 'Publish'), form);
  }

  onResult(message: Extract<HostMessage, { type: 'published' }>): void {
    if (message.requestId !== this.pending) return;
    this.result.textContent = message.message;
    this.result.className = `note result ${message.ok ? 'ok' : 'error'}`;
    this.result.setAttribute('role', message.ok ? 'status' : 'alert');
  }
}

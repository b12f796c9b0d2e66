/** What the note above the live list says about the subscriber connection, per session state. */
import { PubSubState } from '../../core/pubsub/subscriber';
import { ConnectionNote } from '../../webview/protocol/pubsubViewer';

/** The note for a state change; undefined when there is nothing to say (the session closed). */
export function connectionNote(state: PubSubState, time = Date.now()): ConnectionNote | undefined {
  switch (state.state) {
    case 'connected':
      return { state: 'connected', text: `Connected to ${state.node}.`, time };
    case 'reconnecting':
      return { state: 'reconnecting', text: `Lost the subscriber connection to ${state.node}${state.error ? ` (${state.error})` : ''}; reconnecting… Messages published meanwhile are missed.`, time };
    case 'resubscribed': {
      const parts = [count(state.channels, 'channel'), count(state.patterns, 'pattern'), count(state.shardChannels, 'shard channel')].filter((p) => p !== undefined);
      return { state: 'resubscribed', text: `Reconnected to ${state.node} and subscribed again${parts.length ? ` to ${parts.join(', ')}` : ''}.`, time };
    }
    case 'error':
      return { state: 'error', text: state.message, time };
    case 'closed':
      return undefined;
  }
}

function count(n: number, noun: string): string | undefined {
  return n > 0 ? `${n} ${noun}${n === 1 ? '' : 's'}` : undefined;
}

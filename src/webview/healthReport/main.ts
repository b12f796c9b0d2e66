/**
 * The keyspace health report webview: says `ready`, renders each `report` it receives, and sends
 * the user's requests (export, re-run, open a key) back to the host.
 */
import type { HealthReportView, HostMessage, WebviewMessage } from '../protocol/healthReport';
import { el } from './dom';
import { Handlers, charts, header, namespaceSection, summaryCards } from './render';
import { biggestKeys, expiringSoon, serverSignals } from './sections';
import { sender } from '../shared/vscodeApi';
import './styles.css';

const send = sender<WebviewMessage>();
const root = document.getElementById('root') ?? document.body;

let report: HealthReportView | undefined;
let busy = false;

const handlers: Handlers = {
  exportMarkdown: () => send({ type: 'exportMarkdown' }),
  rerun: (mode) => send({ type: 'rerun', mode }),
  openKey: (token) => send({ type: 'openKey', token }),
};

function render(): void {
  if (!report) {
    root.replaceChildren(el('p', { class: 'empty' }, 'Loading the report…'));
    return;
  }
  root.replaceChildren(
    el(
      'main',
      { class: busy ? 'report busy' : 'report' },
      header(report, handlers, busy),
      summaryCards(report),
      charts(report),
      namespaceSection(report),
      biggestKeys(report, handlers),
      expiringSoon(report, handlers),
      serverSignals(report),
    ),
  );
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null) return;
  switch (message.type) {
    case 'report':
      report = message.report;
      busy = false;
      render();
      break;
    case 'busy':
      busy = message.busy;
      render();
      break;
  }
});

render();
send({ type: 'ready' });

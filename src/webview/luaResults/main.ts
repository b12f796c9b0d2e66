/**
 * The Lua results webview: a header for the run shown (file, connection · db, node, sha, cache
 * hit, time, read-only), its reply as a tree or its error with a link to the line, copy buttons,
 * and the script's run history with "Show" and "Re-run" per row. It sends `ready` first and
 * renders what the host answers; copying and re-running go through the host.
 */
import './style.css';
import type { HostMessage, RunningInfo, WireRun } from '../protocol/luaResults';
import { append, button, clear, el } from '../shared/dom';
import { cut, formatDateTime, formatMs, formatTime, keysAndArgs } from './format';
import { showReply } from './tree';
import { send } from './vscodeApi';

const root = document.getElementById('root') ?? document.body;
const runningEl = el('div', { class: 'running', role: 'status', 'aria-live': 'polite', hidden: true });
const headerEl = el('header', { class: 'run-header' });
const statusEl = el('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
const resultEl = el('section', { class: 'result', 'aria-label': 'Reply' });
const historyEl = el('section', { class: 'history', 'aria-labelledby': 'history-title' });
root.append(runningEl, headerEl, statusEl, resultEl, historyEl);
headerEl.append(el('p', { class: 'note' }, 'Waiting for the result…'));

/** The run the host sent last, the one on screen, and this file's runs. */
let latest: WireRun | undefined;
let shown: WireRun | undefined;
let history: WireRun[] = [];

function setStatus(text: string): void {
  statusEl.textContent = text;
}

function setRunning(info: RunningInfo | undefined): void {
  document.body.classList.toggle('busy', info !== undefined);
  root.setAttribute('aria-busy', String(info !== undefined));
  runningEl.hidden = info === undefined;
  clear(runningEl);
  if (!info) return;
  const where = [info.connectionName, info.node].filter(Boolean).join(' · ');
  append(runningEl, el('span', { class: 'spinner', 'aria-hidden': 'true' }), `Running ${info.fileName} on ${where}…`);
  if (info.sha) runningEl.append(el('span', { class: 'sha', title: info.sha }, ` sha ${info.sha.slice(0, 7)}`));
}

function command(run: WireRun): string {
  const ro = run.readOnly ? '_RO' : '';
  return run.mode === 'fcall' ? `FCALL${ro} ${run.functionName ?? ''}`.trim() : `EVALSHA${ro}`;
}

function fact(text: string, attrs: Record<string, string> = {}): HTMLElement {
  return el('span', { class: 'fact', ...attrs }, text);
}

function renderHeader(run: WireRun): void {
  clear(headerEl);
  const { outcome } = run;
  const facts: (HTMLElement | null)[] = [
    fact(command(run), { class: 'fact command' }),
    fact(`${run.connectionName} · db ${run.db}`, { title: `Connection ${run.connectionName}, database ${run.db}` }),
    outcome.node ? fact(`node ${outcome.node}`, { title: 'The server that ran the script' }) : null,
  ];
  if (outcome.ok && outcome.sha) facts.push(fact(`sha ${outcome.sha.slice(0, 7)}`, { class: 'fact sha', title: outcome.sha, 'aria-label': `sha ${outcome.sha}` }));
  if (outcome.ok && outcome.cacheHit !== undefined) {
    facts.push(fact(outcome.cacheHit ? 'cache hit' : 'loaded', { class: `fact cache ${outcome.cacheHit ? 'hit' : 'miss'}`, title: outcome.cacheHit ? 'EVALSHA found the script in the server’s cache' : 'The server did not have the script: it was loaded (SCRIPT LOAD) and run' }));
  }
  if (outcome.ms !== undefined) facts.push(fact(formatMs(outcome.ms), { title: 'Time from sending to the reply' }));
  facts.push(fact(`at ${formatTime(run.when)}`, { title: formatDateTime(run.when) }));
  if (run.readOnly) facts.push(el('span', { class: 'badge' }, 'read-only'));
  const title = el('h1', { class: 'file-name' }, run.fileName);
  const older = latest && run.id !== latest.id ? el('span', { class: 'badge older' }, 'earlier run') : null;
  append(headerEl, el('div', { class: 'title-line' }, title, older), el('div', { class: 'facts' }, ...facts), el('div', { class: 'args' }, keysAndArgs(run.keys, run.args)));
}

function renderResult(run: WireRun): void {
  clear(resultEl);
  const { outcome } = run;
  const copyJson = button('Copy as JSON', () => send({ type: 'copy', what: 'json', id: run.id }), { class: 'secondary', title: 'Copy the reply as JSON (binary strings as {"hex": …})' });
  const copyText = button(outcome.ok ? 'Copy reply as text' : 'Copy error as text', () => send({ type: 'copy', what: 'text', id: run.id }), { class: 'secondary', title: 'Copy the reply as redis-cli prints it' });
  const toolbar = el('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Reply actions' }, copyJson, copyText);
  if (outcome.ok) {
    const tree = el('div', { class: 'tree-host' });
    showReply(tree, outcome.reply);
    append(resultEl, el('h2', { class: 'section-title' }, 'Reply'), tree, toolbar);
    return;
  }
  const box = el('div', { class: 'error-box', role: 'alert' }, el('div', { class: 'error-title' }, 'Redis returned an error'), el('pre', { class: 'error-text' }, outcome.error));
  if (outcome.line !== undefined) {
    const line = outcome.line;
    box.append(
      el(
        'div',
        { class: 'error-where' },
        'at ',
        button(`line ${line}`, () => send({ type: 'openLine', id: run.id, line }), { class: 'link', 'aria-label': `Go to line ${line} of ${run.fileName}` }),
        ` of ${run.fileName}`,
      ),
    );
  }
  append(resultEl, box, toolbar);
}

function show(run: WireRun): void {
  shown = run;
  renderHeader(run);
  renderResult(run);
  renderHistory();
}

function renderHistory(): void {
  clear(historyEl);
  const heading = el('h2', { id: 'history-title' }, 'History', el('span', { class: 'count' }, ` (${history.length})`));
  if (history.length === 0) {
    append(historyEl, heading, el('p', { class: 'note' }, 'No earlier runs of this script.'));
    return;
  }
  const head = el('thead', {}, el('tr', {}, ...['When', 'KEYS / ARGV', 'Result', 'Time', 'Actions'].map((h) => el('th', { scope: 'col' }, h))));
  const body = el('tbody');
  for (const run of history) {
    const { outcome } = run;
    const current = run.id === shown?.id;
    const args = keysAndArgs(run.keys, run.args);
    const result = outcome.ok ? outcome.summary : `(error) ${outcome.error}`;
    const row = el(
      'tr',
      { class: `${outcome.ok ? 'ok' : 'failed'}${current ? ' current' : ''}`, 'aria-current': current ? 'true' : undefined },
      el('td', { class: 'when', title: formatDateTime(run.when) }, formatTime(run.when)),
      el('td', { class: 'args', title: args }, cut(args, 120)),
      el('td', { class: 'result-cell', title: cut(result, 1000) }, el('span', { class: `outcome ${outcome.ok ? 'ok' : 'failed'}` }, outcome.ok ? 'ok' : 'error'), ' ', cut(result, 120)),
      el('td', { class: 'ms' }, outcome.ms === undefined ? '' : formatMs(outcome.ms)),
      el(
        'td',
        { class: 'row-actions' },
        button('Show', () => show(run), { class: 'secondary small', 'aria-label': `Show the run of ${formatTime(run.when)}`, disabled: current }),
        button('Re-run', () => {
          setStatus(`Re-running with ${args}…`);
          send({ type: 'rerun', id: run.id });
        }, { class: 'small', 'aria-label': `Re-run with ${args}`, title: `Run again on ${run.connectionName} with ${args}` }),
      ),
    );
    body.append(row);
  }
  append(historyEl, heading, el('table', { class: 'history-table' }, head, body));
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'batch':
      message.messages.forEach(handle);
      return;
    case 'state':
      latest = message.record;
      history = message.history;
      setRunning(undefined);
      setStatus('');
      show(message.record);
      return;
    case 'running':
      setRunning(message);
      return;
    case 'idle':
      setRunning(undefined);
      return;
    case 'copied':
      setStatus(message.what === 'json' ? 'Copied the reply as JSON.' : 'Copied the reply as text.');
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const data = event.data as HostMessage | undefined;
  if (data && typeof data === 'object' && typeof data.type === 'string') handle(data);
});

send({ type: 'ready' });

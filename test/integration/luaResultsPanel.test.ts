/**
 * The Lua results panel in the real extension host: one panel, reused; the real webview script
 * loads and says `ready` and gets the run and its history; a running state is posted; copy puts
 * the reply on the clipboard; re-run and open-line reach the actions with the host's own record;
 * malformed messages are dropped.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunRecord } from '../../src/features/lua/history';
import { LuaResultsPanel } from '../../src/features/lua/resultsPanel';
import type { HostMessage } from '../../src/webview/protocol/luaResults';
import { EXTENSION_ID, waitFor } from './support';

describe('Lua results panel', function () {
  this.timeout(60_000);
  let log: vscode.LogOutputChannel;
  let extensionUri: vscode.Uri;
  const reruns: RunRecord[] = [];
  const lines: [RunRecord, number][] = [];
  const actions = { rerun: (r: RunRecord) => reruns.push(r), openLine: (r: RunRecord, line: number) => lines.push([r, line]) };

  const base = { file: 'file:///tmp/panel-test/rate.lua', fileName: 'rate.lua', connectionId: 'c1', connectionName: 'Panel test', db: 0, mode: 'eval' as const, readOnly: false };
  const ok: RunRecord = {
    ...base,
    id: 'run-ok',
    keys: ['rate:<img src=x>'],
    args: ['10'],
    when: Date.now(),
    outcome: {
      ok: true,
      reply: { t: 'array', items: [{ t: 'int', value: '1' }, { t: 'bulk', text: 'two', size: 3, binary: false }, { t: 'nil' }] },
      summary: 'array of 3',
      sha: 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db',
      cacheHit: true,
      node: '127.0.0.1:6379',
      ms: 1.5,
    },
  };
  const failed: RunRecord = { ...base, id: 'run-err', keys: [], args: [], when: Date.now() - 1000, outcome: { ok: false, error: 'ERR user_script:3: Script attempted to access nonexistent global variable', line: 3 } };

  before(() => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    extensionUri = ext.extensionUri;
    log = vscode.window.createOutputChannel('Lua results panel test', { log: true });
  });

  after(() => {
    LuaResultsPanel.current()?.dispose();
    log.dispose();
  });

  it('opens one panel beside the editor; the webview says ready and gets the run and its history', async () => {
    const panel = LuaResultsPanel.show(extensionUri, log, ok, [ok, failed], actions);
    assert.equal(LuaResultsPanel.current(), panel);
    assert.equal(panel.panel.title, 'Redis: rate.lua');
    assert.equal(panel.panel.viewType, 'redisDevkit.luaResults');
    await waitFor(() => panel.readyCount > 0, 'the webview to send ready', 30_000);
    const state = await waitFor(() => panel.posted.find((m): m is Extract<HostMessage, { type: 'state' }> => m.type === 'state'), 'the state reply');
    assert.equal(state.record.id, 'run-ok');
    assert.deepEqual(state.history.map((r) => r.id), ['run-ok', 'run-err']);

    // Showing another run reuses the panel.
    const again = LuaResultsPanel.show(extensionUri, log, failed, [failed, ok], actions);
    assert.equal(again, panel);
    const last = await waitFor(() => [...panel.posted].reverse().find((m): m is Extract<HostMessage, { type: 'state' }> => m.type === 'state' && m.record.id === 'run-err'), 'the second state');
    assert.equal(last.record.outcome.ok, false);
  });

  it('posts a running state and replays it to a reloaded webview', async () => {
    const panel = LuaResultsPanel.current();
    assert.ok(panel);
    panel.showRunning({ fileName: 'rate.lua', connectionName: 'Panel test', sha: 'abc' });
    assert.deepEqual(panel.posted.at(-1), { type: 'running', fileName: 'rate.lua', connectionName: 'Panel test', sha: 'abc' });
    await panel.receive({ type: 'ready' });
    const tail = panel.posted.slice(-2).map((m) => m.type);
    assert.deepEqual(tail, ['state', 'running']);
    panel.clearRunning();
    assert.deepEqual(panel.posted.at(-1), { type: 'idle' });
  });

  it('copies the reply as JSON and as redis-cli text through the host clipboard', async () => {
    const panel = LuaResultsPanel.show(extensionUri, log, ok, [ok, failed], actions);
    await panel.receive({ type: 'copy', what: 'json', id: 'run-ok' });
    assert.deepEqual(JSON.parse(await vscode.env.clipboard.readText()), [1, 'two', null]);
    assert.deepEqual(panel.posted.at(-1), { type: 'copied', what: 'json' });
    await panel.receive({ type: 'copy', what: 'text', id: 'run-ok' });
    assert.equal(await vscode.env.clipboard.readText(), '1) (integer) 1\n2) "two"\n3) (nil)');
    await panel.receive({ type: 'copy', what: 'text', id: 'run-err' });
    assert.equal(await vscode.env.clipboard.readText(), '(error) ERR user_script:3: Script attempted to access nonexistent global variable');
  });

  it('hands re-run and open-line to the actions with the host record, and drops malformed messages', async () => {
    const panel = LuaResultsPanel.current();
    assert.ok(panel);
    await panel.receive({ type: 'rerun', id: 'run-err' });
    assert.equal(reruns.at(-1), failed);
    await panel.receive({ type: 'openLine', id: 'run-err', line: 3 });
    assert.deepEqual(lines.at(-1), [failed, 3]);

    const posted = panel.posted.length;
    const before = [reruns.length, lines.length];
    for (const bad of [
      null,
      'ready',
      { type: 'bogus' },
      { type: 'rerun' },
      { type: 'rerun', id: 'no-such-run' },
      { type: 'openLine', id: 'run-err', line: 7 }, // not the line Redis named
      { type: 'openLine', id: 'run-ok', line: 1 }, // a run without an error
      { type: 'openLine', id: 'run-err', line: '3' },
      { type: 'copy', what: 'html', id: 'run-ok' },
    ]) {
      await panel.receive(bad);
    }
    assert.deepEqual([reruns.length, lines.length], before, 'no action ran');
    assert.equal(panel.posted.length, posted, 'nothing answered a malformed message');
  });

  it('forgets the panel when it is closed', () => {
    LuaResultsPanel.current()?.dispose();
    assert.equal(LuaResultsPanel.current(), undefined);
  });
});

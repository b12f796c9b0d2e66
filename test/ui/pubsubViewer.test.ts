/**
 * The pub/sub viewer the way a person uses it: "Redis: Open Pub/Sub…" from the palette, subscribe
 * with the form while a publisher runs, read the live list, expand a JSON message, pause and
 * resume, publish from the form. Channel names and payloads holding markup, `javascript:` URLs
 * and invalid UTF-8 render as inert text: no element is made from them and no script runs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import type { FrameLocator } from 'playwright-core';
import { Workbench, waitUntil, workbench, servers } from './workbench';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const CONNECTION = 'Pub/Sub UI';
const PREFIX = 'ui-pubsub:';

/** Payloads (and channel-name suffixes) a hostile publisher might send. */
const HOSTILE = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  'javascript:window.__pwned = "url"',
  '<a href="javascript:window.__pwned=1">click</a>',
];

describe('Pub/Sub viewer (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let publisher: Redis;
  let timer: NodeJS.Timeout | undefined;
  let sent = 0;

  before(async function () {
    this.timeout(120_000);
    publisher = new Redis({ port: servers().standalone.port, protocol: 2 });
    wb = await workbench();
  });
  after(async () => {
    clearInterval(timer);
    publisher.disconnect();
    // Leave the workbench as the next suite expects it: the Redis view showing, no connections.
    await wb?.runCommand('View: Close All Editors').catch(() => undefined);
    await wb?.openRedisContainer();
    await wb?.removeConnection(CONNECTION);
  });

  const viewer = (): FrameLocator => wb.page.frameLocator('iframe.webview').last().frameLocator('iframe#active-frame');

  it('opens from the palette, subscribes with the form and shows messages while a publisher runs', async () => {
    await wb.openRedisContainer();
    await wb.addConnectionByUrl(`redis://127.0.0.1:${servers().standalone.port}`, CONNECTION);
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('Redis: Open Pub/Sub…');
    await waitUntil(async () => !(await wb.page.locator('.quick-input-widget').isVisible()) || /Connection to subscribe on/.test(await wb.quickInputPlaceholder()), 10_000, 'the connection pick or the panel');
    if (/Connection to subscribe on/.test(await wb.quickInputPlaceholder())) await wb.pickQuickPickItem(CONNECTION);
    if (await wb.page.locator('.part.panel').isVisible()) await wb.runCommand('View: Hide Panel');
    const frame = viewer();
    await frame.locator('h1.title', { hasText: `Pub/Sub: ${CONNECTION}` }).waitFor({ state: 'visible', timeout: 30_000 });

    // Subscribe to a pattern with the form (keyboard: type, Enter).
    await frame.getByRole('combobox', { name: 'Subscribe to' }).selectOption('pattern');
    const name = frame.getByRole('textbox', { name: 'Channel name or pattern' });
    await name.fill(`${PREFIX}*`);
    await name.press('Enter');
    await frame.locator('.subscription', { hasText: `${PREFIX}*` }).waitFor({ state: 'visible', timeout: 10_000 });

    // A publisher: orders as JSON, hostile payloads on hostile channel names, invalid UTF-8.
    timer = setInterval(() => {
      const i = sent++;
      void publisher.publish(`${PREFIX}orders`, JSON.stringify({ order: i, sku: 'lamp', qty: 1 + (i % 3) }));
      void publisher.publish(`${PREFIX}${HOSTILE[i % HOSTILE.length]}`, HOSTILE[(i + 1) % HOSTILE.length]);
      void publisher.publish(Buffer.from(`${PREFIX}bin`), Buffer.from([0xff, 0xfe, 0x00, 0x3c, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x3e]));
    }, 50);

    await waitUntil(async () => (await frame.locator('.grid-spacer .grid-row').count()) > 10, 15_000, 'rows in the live list');
    await waitUntil(async () => /Received [\d,]+ · kept/.test(await frame.locator('.counters').innerText()), 5_000, 'the counters');
    assert.match(await frame.locator('.counters').innerText(), /msg\/s/);
    fs.copyFileSync(await wb.screenshot('pubsub-01-live'), path.join(repoRoot, 'docs', 'images', 'pubsub-viewer.png'));
  });

  it('renders markup, javascript: URLs and invalid UTF-8 as text; no script runs', async () => {
    const frame = viewer();
    const grid = frame.locator('.grid');
    await waitUntil(async () => (await grid.innerText()).includes('<script>'), 10_000, 'a hostile row');
    const text = await grid.innerText();
    for (const h of HOSTILE) assert.ok(text.includes(h.slice(0, 20)), `shown as text: ${h}`);
    assert.ok(text.includes('⟨binary'), 'binary payload marked as such');
    assert.equal(await frame.locator('.grid img, .grid script, .grid a, .grid iframe').count(), 0, 'no element made from Redis data');
    assert.equal(await frame.locator('body').evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned), undefined, 'no script ran');
    // Expanding a hostile message shows it as text too.
    await frame.locator('.grid-row', { hasText: '<img' }).first().click();
    await frame.locator('.detail .note', { hasText: /UTF-8 text|hex/ }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await frame.locator('.detail img, .detail script').count(), 0);
    assert.equal(await frame.locator('body').evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned), undefined);
  });

  it('expands a JSON message pretty-printed; filter, pause and resume', async () => {
    const frame = viewer();
    const filter = frame.getByRole('searchbox', { name: 'Filter messages by channel or payload text' });
    await filter.fill('"order"');
    await waitUntil(async () => /showing [\d,]+ matching/.test(await frame.locator('.counters').innerText()), 5_000, 'the filter');
    await frame.locator('.grid-row', { hasText: 'orders' }).first().click();
    await frame.locator('.detail .note', { hasText: 'JSON, pretty-printed' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await frame.locator('.detail pre').innerText(), /\{\n {2}"order": \d+,\n {2}"sku": "lamp"/);
    await wb.screenshot('pubsub-02-json-expanded');

    await frame.getByRole('button', { name: 'Pause' }).click();
    await frame.getByText('Paused: the list is frozen').waitFor({ state: 'visible', timeout: 5_000 });
    const rowCount = async () => Number(await frame.locator('.grid').getAttribute('aria-rowcount'));
    const rowsBefore = await rowCount();
    const received = async () => Number(/Received ([\d,]+)/.exec(await frame.locator('.counters').innerText())?.[1].replace(/,/g, '') ?? 0);
    const countBefore = await received();
    await waitUntil(async () => (await received()) > countBefore + 20, 10_000, 'the counters to keep counting while paused');
    assert.equal(await rowCount(), rowsBefore, 'the list did not change while paused');
    await wb.screenshot('pubsub-03-paused');
    await frame.getByRole('button', { name: 'Resume' }).click();
    await waitUntil(async () => (await rowCount()) > rowsBefore, 10_000, 'the list to grow again');
    await filter.fill('');
    // End jumps to the newest row; from there the list follows new messages.
    await frame.locator('.grid').press('End');
  });

  it('publishes from the form and says how many subscribers got it', async () => {
    clearInterval(timer);
    const frame = viewer();
    await frame.getByRole('textbox', { name: 'Channel to publish to' }).fill(`${PREFIX}from-the-form`);
    await frame.getByRole('textbox', { name: 'Payload' }).fill('{"hello":"world"}');
    await frame.getByRole('button', { name: 'Publish', exact: true }).click();
    await frame.locator('.result', { hasText: 'PUBLISH: delivered to 1 subscriber.' }).waitFor({ state: 'visible', timeout: 10_000 });
    // The list follows the newest rows (End was pressed, then the detail pane took room): the
    // message shows at the bottom, inside the scrolled viewport.
    const row = frame.locator('.grid-row', { hasText: 'from-the-form' }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await waitUntil(async () => {
      const [r, v] = await Promise.all([row.boundingBox(), frame.locator('.grid-viewport').boundingBox()]);
      return !!r && !!v && r.y >= v.y && r.y + r.height <= v.y + v.height + 1;
    }, 5_000, 'the new row inside the visible part of the list');
    await frame.getByRole('button', { name: 'Refresh' }).click();
    await wb.screenshot('pubsub-04-published');
  });
});

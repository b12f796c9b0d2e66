/**
 * The stream viewer as a person uses it: click a stream key in the tree, read the newest entries,
 * switch on Live tail while a producer writes and watch new entries arrive. Hostile field values
 * (`<script>`, `<img onerror>`, `javascript:` URLs, invalid UTF-8) show as inert text: no element
 * is created from them and no script runs. Screenshots kept; the best one goes to docs/images.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { Workbench, waitUntil, workbench, servers } from './workbench';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const CONNECTION = 'Streams';
const DB = 6;
const STREAM = 'events:orders';
const HOSTILE = ['<script>document.title="pwned"</script>', '<img src=x onerror="document.title=\'pwned\'">', 'javascript:alert(1)'];

describe('Stream viewer (UI)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let redis: Redis;
  let producer: ReturnType<typeof setInterval> | undefined;

  before(async function () {
    this.timeout(120_000);
    redis = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    await redis.del(STREAM);
    for (let i = 1; i <= 300; i++) {
      await redis.xadd(STREAM, '*', 'order', `ord-${i}`, 'status', i % 3 ? 'paid' : 'shipped', 'total', (i * 3.7).toFixed(2));
    }
    await redis.xadd(STREAM, '*', 'note', HOSTILE[0], 'html', HOSTILE[1], 'link', HOSTILE[2]);
    await redis.xaddBuffer(Buffer.from(STREAM), '*', Buffer.from('raw'), Buffer.from([0xff, 0xfe, 0x3c, 0x62, 0x3e]));
    await redis.xgroup('CREATE', STREAM, 'billing', '0');
    await redis.xreadgroup('GROUP', 'billing', 'worker-1', 'COUNT', 5, 'STREAMS', STREAM, '>');
    wb = await workbench();
  });
  after(async () => {
    if (producer) clearInterval(producer);
    await redis.del(STREAM);
    redis.disconnect();
    await wb?.runCommand('View: Close All Editors').catch(() => undefined);
    await wb?.openRedisContainer();
    await wb?.removeConnection(CONNECTION);
  });

  const row = (text: string | RegExp) => wb.treeRow(text, wb.view('Connections'));
  async function expand(text: string | RegExp): Promise<void> {
    const r = row(text).first();
    await r.waitFor({ state: 'visible', timeout: 15_000 });
    if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
    await waitUntil(async () => (await r.getAttribute('aria-expanded')) === 'true', 10_000, `${String(text)} expanded`);
  }

  it('opens a stream from the tree, tails it while a producer writes, and renders hostile values as text', async () => {
    await wb.addConnectionByUrl(`redis://127.0.0.1:${servers().standalone.port}/${DB}`, CONNECTION);
    await wb.runCommand('View: Close All Editors');
    await expand(CONNECTION);
    await expand(`db${DB}`);
    await expand(/^events/);
    await row(/^orders/).first().click();

    const view = wb.page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    // The newest entries first: the hostile entry and the binary one are at the top.
    await view.getByText(HOSTILE[1], { exact: false }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await view.getByText(HOSTILE[0], { exact: false }).first().waitFor({ state: 'visible' });
    assert.equal(await view.locator('img').count(), 0, 'no <img> made from a field value');
    assert.equal(await view.locator('.grid script, .detail script').count(), 0, 'no <script> made from a field value');
    assert.doesNotMatch(await wb.page.title(), /pwned/);

    await view.getByRole('button', { name: /Live tail/ }).click();
    await view.getByRole('button', { name: /● Live tail/ }).waitFor({ state: 'visible', timeout: 10_000 });
    let n = 0;
    producer = setInterval(() => void redis.xadd(STREAM, '*', 'order', `live-${++n}`, 'status', 'new').catch(() => undefined), 200);
    await view.getByText('live-3', { exact: false }).first().waitFor({ state: 'visible', timeout: 15_000 });
    clearInterval(producer);
    producer = undefined;
    fs.copyFileSync(await wb.screenshot('stream-viewer-01-live-tail'), path.join(repoRoot, 'docs', 'images', 'stream-viewer.png'));
    await view.getByRole('button', { name: /● Live tail/ }).click();
  });
});

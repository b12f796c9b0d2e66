/**
 * The Lua runner as a person uses it: open a script from the Explorer, click its "Run on" CodeLens,
 * read the reply in the results panel; open a broken script, run it, and find Redis's error on the
 * right line (squiggle and Problems panel). Screenshots kept; two go to docs/images.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { Workbench, waitUntil, workbench, servers } from './workbench';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const CONNECTION = 'Scripts';
const DB = 7;

const RATE_LIMIT = `--! KEYS: rate:demo-user
--! ARGV: 5 60
-- Fixed-window rate limit: allow ARGV[1] calls per ARGV[2] seconds.
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
local allowed = count <= tonumber(ARGV[1]) and 1 or 0
return {allowed, count, redis.call('TTL', KEYS[1])}
`;

const BROKEN = `--! KEYS: profile:1
--! ARGV:
local profile = redis.call('HGETALL', KEYS[1])
local name = profile[2]
return redis.call('INCR', KEYS[1])
`;

describe('Lua runner (UI)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let redis: Redis;
  const workspace = process.env.REDIS_DEVKIT_UI_WORKSPACE ?? '';

  before(async function () {
    this.timeout(120_000);
    redis = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    await redis.del('rate:demo-user', 'profile:1');
    await redis.hset('profile:1', 'name', 'Ada');
    fs.writeFileSync(path.join(workspace, 'rate_limit.lua'), RATE_LIMIT);
    fs.writeFileSync(path.join(workspace, 'broken.lua'), BROKEN);
    wb = await workbench();
  });
  after(async () => {
    await redis.del('rate:demo-user', 'profile:1');
    redis.disconnect();
    await wb?.runCommand('View: Close All Editors').catch(() => undefined);
    // Leave the workbench as the next suite expects it: the Redis view showing, no connections.
    await wb?.openRedisContainer();
    await wb?.removeConnection(CONNECTION);
  });

  /** Opens a workspace file from the Explorer, the way a person does. */
  async function openFromExplorer(name: string): Promise<void> {
    await wb.runCommand('View: Show Explorer');
    const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
    await wb.page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
  }

  const codeLens = (text: string | RegExp) => wb.page.locator('.editor-instance .codelens-decoration a', { hasText: text }).first();

  it('runs a script from its CodeLens and shows the reply in the results panel', async () => {
    await wb.addConnectionByUrl(`redis://127.0.0.1:${servers().standalone.port}/${DB}`, CONNECTION);
    await wb.runCommand('View: Close All Editors');
    await openFromExplorer('rate_limit.lua');
    const run = codeLens(`Run on ${CONNECTION}`);
    await run.waitFor({ state: 'visible', timeout: 20_000 });
    await wb.screenshot('lua-01-codelens');
    await run.click();

    await wb.page.locator('.tab', { hasText: 'rate_limit.lua' }).nth(1).waitFor({ state: 'visible', timeout: 15_000 }).catch(() => undefined);
    const panel = wb.page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    await panel.getByText('(integer) 1', { exact: false }).first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await redis.get('rate:demo-user'), '1');
    await wb.screenshot('lua-02-result-panel');

    // The second run hits the script cache and adds to the history.
    await run.click();
    await panel.getByText(/cache hit/i).first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await redis.get('rate:demo-user'), '2');
    fs.copyFileSync(await wb.screenshot('lua-03-cache-hit-history'), path.join(repoRoot, 'docs', 'images', 'lua-result.png'));
  });

  it('puts a Redis error on the line that caused it', async () => {
    await openFromExplorer('broken.lua');
    const run = codeLens(`Run on ${CONNECTION}`);
    await run.waitFor({ state: 'visible', timeout: 20_000 });
    await run.click();
    await wb.page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: /WRONGTYPE|wrong kind/i }).first();
    await problem.waitFor({ state: 'visible', timeout: 15_000 });
    await waitUntil(async () => /\[Ln 5, Col \d+\]/.test(await problem.innerText()), 10_000, 'the problem on line 5');
    fs.copyFileSync(await wb.screenshot('lua-04-error-on-line'), path.join(repoRoot, 'docs', 'images', 'lua-error-line.png'));
  });
});

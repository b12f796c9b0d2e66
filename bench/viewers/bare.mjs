/**
 * The reference subscriber of the viewers bench, in a process of its own (so it shares no event
 * loop with the code under test): a bare ioredis connection (RESP2) that SUBSCRIBEs and counts
 * `messageBuffer` events, nothing else.
 *
 *   node bench/viewers/bare.mjs --host H --port P --channel C    (forked by bench/viewers/suite.mjs)
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { drain, mailbox, reportFailures } from './ipc.mjs';

reportFailures();
process.on('disconnect', () => process.exit(1));
const require = createRequire(import.meta.url);
const { Redis } = require('ioredis');
const { values: args } = parseArgs({ options: { host: { type: 'string' }, port: { type: 'string' }, channel: { type: 'string' } } });
const box = mailbox(process, 'bare subscriber');

let received = 0;
let closes = 0;
const redis = new Redis({ host: args.host, port: Number(args.port), protocol: 2, lazyConnect: true });
redis.on('messageBuffer', () => received++);
redis.on('close', () => closes++);
redis.on('error', () => {});
await redis.connect();
await redis.subscribe(args.channel);
await box.send({ type: 'ready' });

await box.next('start', 120_000);
await box.send({ type: 'started' });
const { published } = await box.next('published', 120_000);
const inWindow = received;
const drainMs = await drain(() => received, published);
await box.send({ type: 'result', received, inWindow, drainMs, reconnects: closes });
redis.disconnect();
process.exit(0);

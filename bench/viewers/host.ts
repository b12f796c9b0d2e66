/**
 * What the pub/sub half of the viewers bench runs: the real pub/sub panel (subscriber session,
 * ring buffer, rate counter, the poster's batching, the wire conversion of each row), bundled by
 * bench/viewers/suite.mjs into out/bench/viewers-host.cjs with `vscode` aliased to
 * bench/viewers/vscodeStub.ts and ioredis left external.
 */
export { PubSubPanel } from '../../src/features/pubsub/panel';
export { INTERVAL_MS } from '../../src/features/pubsub/poster';
export { openSession } from '../../src/core/connection/session';
export { silentLogger } from '../../src/core/log';
export * as vscodeStub from './vscodeStub';

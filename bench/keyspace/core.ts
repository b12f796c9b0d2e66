/**
 * The slice of src/core the keyspace bench drives, bundled by scripts/bench.mjs (esbuild) into
 * out/bench/keyspace-core.cjs with ioredis left external, so the bench and its bare reference use
 * the very same ioredis.
 */
export { DEFAULT_VIEW_OPTIONS, KeyspaceView } from '../../src/core/keyspace/keyspaceView';
export { NamespaceIndex } from '../../src/core/keyspace/namespaceIndex';
export { openSession } from '../../src/core/connection/session';
export { silentLogger } from '../../src/core/log';

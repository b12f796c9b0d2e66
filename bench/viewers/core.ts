/**
 * The slice of src/core the viewers bench drives in its own process (the stream viewer's open),
 * bundled by scripts/bench.mjs (esbuild) into out/bench/viewers-core.cjs with ioredis left
 * external. None of it imports vscode.
 */
export { readOlder } from '../../src/core/streams/entries';
export { streamInfo } from '../../src/core/streams/info';
export { openSession } from '../../src/core/connection/session';
export { silentLogger } from '../../src/core/log';

/** The script cache key Redis uses: SHA1 of the script's exact bytes. */
import { createHash } from 'node:crypto';

/**
 * SHA1 (lower-case hex) of the exact bytes Redis receives: a string counts as its UTF-8 encoding,
 * which is how ioredis sends it. Equals what `SCRIPT LOAD` returns for the same source.
 */
export function scriptSha(source: string | Buffer): string {
  return createHash('sha1').update(typeof source === 'string' ? Buffer.from(source, 'utf8') : source).digest('hex');
}

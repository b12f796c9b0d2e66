/** HyperLogLogs (strings starting with "HYLL"; see `isHyperLogLog`): the estimated cardinality. */
import { RedisClient, send } from './client';

/** PFCOUNT: the estimated number of distinct elements. */
export function countHyperLogLog(client: RedisClient, key: Buffer): Promise<number> {
  return send<number>(client, 'PFCOUNT', key);
}

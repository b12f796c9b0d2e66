import type { Cluster } from 'ioredis';
import type { RedisClient } from './client';

/** True for a cluster client (its commands are routed by key slot to the owning master). */
export function isCluster(client: RedisClient): client is Cluster {
  return (client as Cluster).isCluster === true;
}

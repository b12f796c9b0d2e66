/** ReJSON documents (TYPE ReJSON-RL, when the module is loaded): read whole with JSON.GET. */
import { RedisClient, send } from './client';

/** JSON.GET key: the document as compact JSON text bytes; undefined when the key is gone. */
export async function readJsonDocument(client: RedisClient, key: Buffer): Promise<Buffer | undefined> {
  return (await send<Buffer | null>(client, 'JSON.GET', key)) ?? undefined;
}

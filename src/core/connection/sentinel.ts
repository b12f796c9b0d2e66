/** Asks the sentinels where the master is before handing the config to ioredis, so an unknown
 * master name or unreachable sentinels fail at once with that cause (ioredis would retry forever). */
import { Redis } from 'ioredis';
import { Logger } from '../log';
import { ConnectionConfig, ConnectionSecrets, HostPort, formatHost } from './config';
import { baseOptions, tlsOptions } from './clientOptions';
import { ConnectionError, classifyError } from './errors';

export async function findSentinelMaster(config: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number, logger: Logger): Promise<HostPort> {
  const name = config.sentinelMasterName ?? '';
  const sentinels = config.nodes ?? [];
  const failures: unknown[] = [];
  const unknownAt: string[] = [];
  for (const s of sentinels) {
    const where = `${formatHost(s.host)}:${s.port}`;
    const probe = new Redis({
      ...baseOptions({ ...config, username: config.sentinelUsername }, { password: secrets.sentinelPassword }, timeoutMs),
      host: s.host,
      port: s.port,
      tls: tlsOptions({ ...config, topology: 'standalone', host: s.host }, secrets),
      retryStrategy: () => null,
    });
    const errors: Error[] = [];
    probe.on('error', (e: Error) => errors.push(e));
    try {
      await probe.connect();
      const addr = (await probe.call('SENTINEL', 'get-master-addr-by-name', name)) as [string, string] | null;
      if (addr) {
        logger.info(`[${config.name}] sentinel ${where} reports master '${name}' at ${addr[0]}:${addr[1]}`);
        return { host: addr[0], port: Number(addr[1]) };
      }
      unknownAt.push(where);
    } catch (e) {
      const cause = errors[0] ?? e;
      logger.warn(`[${config.name}] sentinel ${where}: ${(cause as Error).message}`);
      failures.push(cause);
    } finally {
      probe.disconnect();
    }
  }
  if (unknownAt.length) {
    throw new ConnectionError('sentinel-master', `Sentinel ${unknownAt.join(', ')} monitors no master named '${name}'.`);
  }
  const first = classifyError(failures[0], { ...config, topology: 'standalone', host: sentinels[0]?.host ?? '', port: sentinels[0]?.port ?? 0 }, timeoutMs);
  throw new ConnectionError(first.kind, `No sentinel answered for ${config.name}: ${first.message}`, first.detail);
}

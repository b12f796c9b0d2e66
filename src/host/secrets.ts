import * as vscode from 'vscode';
import { ConnectionSecrets } from '../core/connection/config';

/** Connection secrets in the editor's SecretStorage, one JSON entry per connection id. */
export class SecretStore {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async get(connectionId: string): Promise<ConnectionSecrets> {
    const raw = await this.storage.get(this.key(connectionId));
    if (!raw) return {};
    try {
      return JSON.parse(raw) as ConnectionSecrets;
    } catch {
      return {};
    }
  }

  async set(connectionId: string, secrets: ConnectionSecrets): Promise<void> {
    const kept = Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string' && v !== ''));
    if (Object.keys(kept).length === 0) await this.storage.delete(this.key(connectionId));
    else await this.storage.store(this.key(connectionId), JSON.stringify(kept));
  }

  delete(connectionId: string): Thenable<void> {
    return this.storage.delete(this.key(connectionId));
  }

  private key(connectionId: string): string {
    return `redisDevkit.connection.${connectionId}`;
  }
}

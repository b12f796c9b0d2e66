/**
 * KEYS and ARGV for a run: from the script's `--! KEYS:` / `--! ARGV:` header when it has one,
 * else asked for in redis-cli syntax (`k1 k2 , a1 a2`), prefilled with the last values used for
 * that file.
 */
import * as vscode from 'vscode';
import { ArgsSyntaxError, KeysAndArgs, formatKeysAndArgs, parseKeysAndArgs } from '../../core/lua/args';
import { readDirectives } from '../../core/lua/directives';

const LAST_KEY = 'redisDevkit.lua.lastArgs';

export class ArgsMemory {
  constructor(private readonly memento: vscode.Memento) {}

  last(id: string): KeysAndArgs | undefined {
    return this.memento.get<Record<string, KeysAndArgs>>(LAST_KEY)?.[id];
  }

  async remember(id: string, value: KeysAndArgs): Promise<void> {
    const all = this.memento.get<Record<string, KeysAndArgs>>(LAST_KEY) ?? {};
    await this.memento.update(LAST_KEY, { ...all, [id]: value });
  }

  /**
   * The KEYS/ARGV for running `source` (from `id`: a file uri, or a function name): the header's,
   * or asked for. Undefined when the user backs out.
   */
  async resolve(id: string, source: string | undefined, title: string): Promise<KeysAndArgs | undefined> {
    if (source !== undefined) {
      const header = readDirectives(source);
      if (header.keys !== undefined || header.args !== undefined) return { keys: header.keys ?? [], args: header.args ?? [] };
    }
    const value = await askKeysAndArgs(title, this.last(id));
    if (value) await this.remember(id, value);
    return value;
  }
}

/** An input box for `k1 k2 , a1 a2`, validated as the user types. */
export async function askKeysAndArgs(title: string, last: KeysAndArgs | undefined): Promise<KeysAndArgs | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: 'KEYS and ARGV as for redis-cli --eval: key1 key2 , arg1 "arg two" (empty: none). Tip: a `--! KEYS:` / `--! ARGV:` header in the script skips this.',
    value: last ? formatKeysAndArgs(last) : '',
    validateInput: (v) => {
      try {
        parseKeysAndArgs(v);
        return undefined;
      } catch (err) {
        return err instanceof ArgsSyntaxError ? err.message : String(err);
      }
    },
  });
  return text === undefined ? undefined : parseKeysAndArgs(text);
}

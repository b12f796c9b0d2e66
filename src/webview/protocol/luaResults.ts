/**
 * Messages between the Lua results panel and its webview, both directions, discriminated on
 * `type`. The webview sends `ready` first and gets a `state` (the run shown plus this file's
 * history) in reply, and `running` while a script runs. Runs are referred to by id only: the host
 * looks the record up itself, so nothing the webview sends is ever run or copied as given.
 * Shared by host and browser code: no Node, DOM or vscode types here.
 */

/**
 * A reply as the panel shows it: the wire form of `ReplyNode` in src/core/lua/reply.ts (kept
 * identical; the host passes core trees through unchanged and the compiler checks they fit).
 */
export type WireReply =
  | { t: 'nil' }
  | { t: 'int'; value: string }
  | { t: 'bulk'; text: string; hex?: string; size: number; binary: boolean; json?: boolean; truncated?: number }
  | { t: 'error'; text: string }
  | { t: 'array'; items: WireReply[]; truncated?: number }
  | { t: 'map'; entries: [WireReply, WireReply][]; truncated?: number }
  | { t: 'double'; value: string }
  | { t: 'bool'; value: boolean };

export type WireOutcome =
  | { ok: true; reply: WireReply; summary: string; sha?: string; cacheHit?: boolean; node: string; ms: number }
  /** `line` is 1-based, for display and for `openLine`. */
  | { ok: false; error: string; line?: number; node?: string; ms?: number };

/** One run of a script or function: the wire form of `RunRecord` in src/features/lua/history.ts. */
export interface WireRun {
  id: string;
  file: string;
  fileName: string;
  connectionId: string;
  connectionName: string;
  db: number;
  mode: 'eval' | 'fcall';
  functionName?: string;
  keys: string[];
  args: string[];
  readOnly: boolean;
  /** Epoch ms. */
  when: number;
  outcome: WireOutcome;
}

/** What is running right now, shown above the last result until the new one arrives. */
export interface RunningInfo {
  fileName: string;
  connectionName: string;
  sha?: string;
  node?: string;
}

export type CopyWhat = 'json' | 'text';

/** Host -> webview. */
export type HostMessage =
  /** The run to show and this file's runs, newest first (normally including `record`). */
  | { type: 'state'; record: WireRun; history: WireRun[] }
  | ({ type: 'running' } & RunningInfo)
  /** A run ended without a result to show (it was cancelled, or failed before reaching Redis). */
  | { type: 'idle' }
  | { type: 'copied'; what: CopyWhat }
  | { type: 'batch'; messages: HostMessage[] };

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  /** Copy run `id`'s reply (or error) to the clipboard; without an id, the run the host last sent. */
  | { type: 'copy'; what: CopyWhat; id?: string }
  | { type: 'rerun'; id: string }
  /** Open the script at `line` (1-based) of run `id`'s error. */
  | { type: 'openLine'; id: string; line: number };

export const LUA_RESULTS_MESSAGE_TYPES: readonly WebviewMessage['type'][] = ['ready', 'copy', 'rerun', 'openLine'];

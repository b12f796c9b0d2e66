/**
 * Runs remembered per script file (workspace state), newest first, so the results panel can list
 * them and re-run an earlier KEYS/ARGV set. Each file has its own memento key, so a run rewrites
 * only its own file's list; stored replies are cut small, so the memento never holds megabytes.
 */
import * as vscode from 'vscode';
import { ReplyLimits, ReplyNode, limitReply } from '../../core/lua/reply';

export interface RunRecord {
  /** Unique. */
  id: string;
  /** The document's uri string. */
  file: string;
  /** Basename, for display. */
  fileName: string;
  connectionId: string;
  connectionName: string;
  db: number;
  mode: 'eval' | 'fcall';
  /** FCALL only. */
  functionName?: string;
  keys: string[];
  args: string[];
  readOnly: boolean;
  /** Epoch ms. */
  when: number;
  outcome:
    | { ok: true; reply: ReplyNode; summary: string; sha?: string; cacheHit?: boolean; node: string; ms: number }
    /** `line` is 1-based, for display. */
    | { ok: false; error: string; line?: number; node?: string; ms?: number };
}

const KEY_PREFIX = 'redisDevkit.lua.history:';
/** What a stored reply keeps: enough to read and copy a typical result, never megabytes. */
export const STORED_REPLY_LIMITS: ReplyLimits = { maxItems: 50, maxBytes: 2048, maxNodes: 200, maxTotalBytes: 8 * 1024 };
/** A stored error message keeps this many characters. */
const STORED_ERROR_CHARS = 2048;
const MAX_LIMIT = 200;

export class RunHistory {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly limit: () => number,
  ) {}

  private size(): number {
    const n = Math.floor(this.limit());
    return Number.isFinite(n) ? Math.min(MAX_LIMIT, Math.max(1, n)) : 20;
  }

  /** Remembers a run at the top of its file's list, dropping the oldest past the limit. */
  async add(record: RunRecord): Promise<void> {
    const key = KEY_PREFIX + record.file;
    // Read and write in one synchronous step: Memento.update changes the in-memory value at once,
    // so two runs finishing together cannot drop each other.
    const runs = [shrink(record), ...this.stored(key).filter((r) => r.id !== record.id)].slice(0, this.size());
    await this.memento.update(key, runs);
  }

  /** The runs of `file` (a document uri string), newest first. */
  forFile(file: string): RunRecord[] {
    return this.stored(KEY_PREFIX + file).slice(0, this.size());
  }

  get(id: string): RunRecord | undefined {
    for (const key of this.memento.keys()) {
      if (!key.startsWith(KEY_PREFIX)) continue;
      const found = this.stored(key).find((r) => r.id === id);
      if (found) return found;
    }
    return undefined;
  }

  async clear(file: string): Promise<void> {
    await this.memento.update(KEY_PREFIX + file, undefined);
  }

  private stored(key: string): RunRecord[] {
    const value = this.memento.get<unknown>(key);
    return Array.isArray(value) ? value.filter(isRecord) : [];
  }
}

/** The record as stored: its reply cut to STORED_REPLY_LIMITS, its error message capped. */
function shrink(record: RunRecord): RunRecord {
  const outcome = record.outcome.ok
    ? { ...record.outcome, reply: limitReply(record.outcome.reply, STORED_REPLY_LIMITS) }
    : { ...record.outcome, error: record.outcome.error.length > STORED_ERROR_CHARS ? `${record.outcome.error.slice(0, STORED_ERROR_CHARS)}…` : record.outcome.error };
  return { ...record, outcome };
}

/** Workspace state survives versions of the extension: skip anything that is not a record. */
function isRecord(value: unknown): value is RunRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<RunRecord>;
  return typeof r.id === 'string' && typeof r.file === 'string' && typeof r.when === 'number' && Array.isArray(r.keys) && Array.isArray(r.args) && typeof r.outcome === 'object' && r.outcome !== null;
}

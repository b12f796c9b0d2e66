/**
 * Messages between the keyspace health report panel and its webview. The report travels as plain
 * JSON: key names as display text plus an opaque token (base64 of the exact bytes) that the host
 * maps back to a key it reported, never as raw bytes the webview could alter.
 */

export type HealthModeView = 'sample' | 'full';

export interface KeyView {
  /** Identifies the key to the host (base64 of its bytes); only keys of the current report are accepted. */
  token: string;
  /** Safe text for the key; render with textContent. */
  display: string;
  type: string;
  memory?: number;
  length?: number;
  ttlMs?: number;
  node: string;
}

export interface NamespaceView {
  /** Stable id of the prefix (base64 of its bytes). */
  id: string;
  /** A second-level prefix's top-level prefix id. */
  parentId?: string;
  display: string;
  depth: 1 | 2;
  keys: number;
  noTtl: number;
  noTtlPct: number;
  memory: number;
  estimatedKeys: number;
}

export interface TypeView {
  type: string;
  keys: number;
  estimatedKeys: number;
  memory: number;
  pct: number;
}

export interface NodeView {
  node: string;
  keys: number;
  expires: number;
  analyzed: number;
  usedMemory?: number;
  cachedScripts?: number;
}

export interface SlowlogView {
  id: number;
  timestamp: number;
  durationUs: number;
  args: string[];
  client?: string;
  clientName?: string;
  node: string;
}

export interface HealthReportView {
  /** "cache-prod · db 0": what the report is about. */
  target: string;
  mode: HealthModeView;
  exact: boolean;
  cluster: boolean;
  db: number;
  /** Namespace delimiters the report split keys at. */
  delimiters: string[];
  startedAt: string;
  durationMs: number;
  totalKeys: number;
  analyzed: number;
  vanished: number;
  /** Keys the ACL user may not read (left out). */
  denied: number;
  analyzedMemory: number;
  nodes: NodeView[];
  types: TypeView[];
  namespaces: NamespaceView[];
  rootKeys: { keys: number; noTtl: number; noTtlPct: number };
  untrackedKeys: number;
  expiry: {
    withTtl: number;
    noTtl: number;
    within1h: number;
    within24h: number;
    /** Whole-keyspace estimates in sample mode (equal to the counts in full mode). */
    estimated: { withTtl: number; noTtl: number; within1h: number; within24h: number };
    soonest: KeyView[];
  };
  biggestByMemory: KeyView[];
  biggestByLength: KeyView[];
  server: {
    version?: string;
    cachedScripts?: number;
    memoryDoctor?: string;
    slowlog: SlowlogView[];
    unavailable: { signal: string; reason: string }[];
  };
}

/** Host -> webview. */
export type HostMessage =
  /** The report to show (the reply to `ready`, and after each re-run). */
  | { type: 'report'; report: HealthReportView }
  /** A re-run started (`busy: true`) or ended. */
  | { type: 'busy'; busy: boolean };

/** Webview -> host. */
export type WebviewMessage =
  /** Sent once the page has loaded; the host answers with `report`. */
  | { type: 'ready' }
  | { type: 'exportMarkdown' }
  | { type: 'rerun'; mode: HealthModeView }
  | { type: 'openKey'; token: string };

export const WEBVIEW_MESSAGE_TYPES = ['ready', 'exportMarkdown', 'rerun', 'openKey'] as const satisfies readonly WebviewMessage['type'][];

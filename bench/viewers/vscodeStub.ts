/**
 * The slice of the VS Code API that the pub/sub panel (src/features/pubsub/panel.ts, poster.ts,
 * settings.ts and src/host/webview.ts) touches, so the real panel code runs in plain Node for the
 * viewers bench. bench/viewers/suite.mjs bundles bench/viewers/host.ts with esbuild, aliasing
 * `vscode` to this file. Nothing else uses it.
 *
 * The webview is the part that matters: `postMessage` serializes each message with JSON.stringify
 * (what the extension host does before handing a message to the webview process) and records the
 * post, so the bench measures the posts the panel makes and the serialization it costs. Settings
 * read as their defaults (`redisDevkit.pubsub.maxMessages` = 10,000). An API the panel needs and
 * this file lacks fails loudly (undefined is not a function), never silently.
 */

type Listener<T> = (e: T) => unknown;

export interface Disposable {
  dispose(): unknown;
}

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}

export class Uri {
  private constructor(readonly fsPath: string) {}

  static file(path: string): Uri {
    return new Uri(path);
  }

  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.fsPath.replace(/\/+$/, ''), ...parts].join('/'));
  }

  toString(): string {
    return `file://${this.fsPath}`;
  }
}

/** One post the panel made: when (performance.now(), ms), its type, and its JSON size. */
export interface Post {
  at: number;
  type: string;
  bytes: number;
  /** Message rows carried (`messages` parts, including those inside a `batch`). */
  rows: number;
}

type HostMessageLike = { type: string; messages?: unknown[] };

function rowsOf(m: HostMessageLike): number {
  if (m.type === 'messages') return m.messages?.length ?? 0;
  if (m.type === 'batch') return (m.messages as HostMessageLike[] | undefined)?.reduce((n, part) => n + rowsOf(part), 0) ?? 0;
  return 0;
}

export class StubWebview {
  html = '';
  readonly cspSource = 'https://stub.vscode-cdn.net';
  readonly posts: Post[] = [];
  private readonly receivers = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.receivers.event;

  asWebviewUri(uri: Uri): Uri {
    return uri;
  }

  postMessage(message: HostMessageLike): Promise<boolean> {
    const json = JSON.stringify(message);
    this.posts.push({ at: performance.now(), type: message.type, bytes: json.length, rows: rowsOf(message) });
    return Promise.resolve(true);
  }

  /** What the webview's script would send (`ready`, `pause`, ...). */
  send(message: unknown): void {
    this.receivers.fire(message);
  }
}

export class StubWebviewPanel {
  readonly webview = new StubWebview();
  private readonly disposed = new EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private isDisposed = false;

  constructor(
    readonly viewType: string,
    public title: string,
  ) {}

  reveal(): void {}

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.disposed.fire();
    this.disposed.dispose();
  }
}

/** Every panel created, newest last: how the bench reaches the webview of the panel it opened. */
export const createdPanels: StubWebviewPanel[] = [];

export const window = {
  createWebviewPanel(viewType: string, title: string): StubWebviewPanel {
    const panel = new StubWebviewPanel(viewType, title);
    createdPanels.push(panel);
    return panel;
  },
};

export const workspace = {
  getConfiguration(): { get<T>(name: string, fallback?: T): T | undefined } {
    return { get: <T>(_name: string, fallback?: T) => fallback };
  },
  onDidChangeConfiguration(): Disposable {
    return { dispose: () => undefined };
  },
  workspaceFolders: undefined,
};

/**
 * The channel to the extension host, shared by every webview. `acquireVsCodeApi` may be called
 * once per page, so it is called here, once; each view types its messages with `sender<T>()`.
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** A `send` that only accepts the view's own message type. */
export function sender<T>(): (message: T) => void {
  return (message: T) => api.postMessage(message);
}

/** The typed channel to the extension host. */
import type { WebviewMessage } from '../protocol/pubsubViewer';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function send(message: WebviewMessage): void {
  api.postMessage(message);
}

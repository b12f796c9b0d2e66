/** The typed channel to the extension host. */
import type { WebviewMessage } from '../protocol/streamViewer';
import { sender } from '../shared/vscodeApi';

export const send = sender<WebviewMessage>();

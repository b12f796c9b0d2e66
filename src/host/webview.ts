/**
 * The HTML shell every webview uses: a strict CSP (`default-src 'none'`), the view's script from
 * dist/webview by nonce, its styles from `webview.cspSource`; plus the checks each host applies to
 * what a webview sends. Webview bundles are built by esbuild.mjs from src/webview/<view>/main.ts
 * (a CSS file imported there lands beside it as dist/webview/<view>.css).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewPageOptions {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  /** The bundle's name: dist/webview/<view>.js (and <view>.css when `withStyles`). */
  view: string;
  /** Document title (escaped here; it may hold a key name). */
  title: string;
  withStyles?: boolean;
}

/** Where webview bundles live; the only local resource root webviews get. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** Options for a panel: scripts on, local resources limited to dist/webview. */
export function webviewPanelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)], retainContextWhenHidden: false };
}

/** A fresh nonce for one page load. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The page: CSP meta, stylesheet link, a root element and the nonce'd script. */
export function webviewHtml(options: WebviewPageOptions): string {
  const { webview, extensionUri, view, title } = options;
  const nonce = makeNonce();
  const root = webviewRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, `${view}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, `${view}.css`));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${options.withStyles === false ? '' : `<link rel="stylesheet" href="${style.toString()}">`}
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

/** Escapes text for an HTML text node or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * True when `raw` is an object whose `type` is one of `types`: the first check on every message
 * from a webview (whose content may be compromised by the data it shows).
 */
export function hasMessageType<T extends string>(raw: unknown, types: readonly T[]): raw is { type: T } & Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string' && types.includes((raw as { type: T }).type);
}

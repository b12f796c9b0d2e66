/** CSS imported by a webview's main.ts: esbuild emits it beside the bundle as <view>.css. */
declare module '*.css';

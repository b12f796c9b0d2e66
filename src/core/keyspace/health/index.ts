/** Keyspace health report: analysis, Markdown export and the namespaces-without-TTL list for the tree. */
export { DEFAULT_SAMPLE_SIZE, analyzeKeyspace, namespacesMissingTtl } from './analyze';
export type { MissingTtlNamespace } from './analyze';
export { escapeMarkdown, healthReportMarkdown } from './markdown';
export { keyPrefixes } from './namespaces';
export * from './types';

export type { AdapterDefinition, AdapterDependencies } from './adapter-definition';
export { adapterDefinitions, createEnabledAdapters, loadAdaptersConfig, type AdaptersConfig } from './registry';
export { startAdapters, type RunningAdapters } from './runtime';
export { AdapterMetrics } from './metrics';
export * from './web';
export * from './discord';
export * from './slack';

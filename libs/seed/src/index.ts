export * from './demo';
export * from './seed';
export * from './organization-file-check';
export * from './apply-organization-file';
export * from './import-organization-file';
export * from './export-organization-file';
export { runSeed } from './cli';

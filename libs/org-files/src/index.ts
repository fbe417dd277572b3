export * from './org-file';
export * from './org-chart-from-file';
export * from './org-file-entries';
export * from './org-file-yaml';
export * from './export-organization';

export * from './org-file';
export * from './org-chart-from-file';

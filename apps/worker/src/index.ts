export * from './worker.factory';
export * from './workflow-bundle';
export * from './notifications';

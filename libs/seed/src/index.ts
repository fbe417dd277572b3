export * from './seed';
export * from './seed-file';

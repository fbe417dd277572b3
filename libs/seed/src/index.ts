export * from './demo';
export * from './seed';

export * from './dev-server';
export * from './temporal-cli';
export * from './temporal-client';

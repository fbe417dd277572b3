export * from './dev-server';
export * from './history-codec';
export * from './payload-codec';
export * from './temporal-cli';
export * from './temporal-client';

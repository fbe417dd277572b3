export * from './demo';
export * from './seed';
export { runSeed } from './cli';

export * from './content-hash';
export * from './canonical-text';
export * from './canonical-body';
export { hiddenByAttributes } from './hidden-by-attributes';

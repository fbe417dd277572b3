export * from './document-workflow';
export * from './unauthenticated-payload';

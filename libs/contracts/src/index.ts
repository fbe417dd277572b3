export * from './document-workflow';

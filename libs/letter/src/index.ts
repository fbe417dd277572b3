export * from './archive-store';
export * from './dev-certificate';
export * from './render-letter';
export * from './sign-pdf';
export * from './render-and-sign';
export * from './audit-anchor';
export * from './pdf-signature';

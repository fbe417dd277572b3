export * from './app.factory';
export { WEB_DIST_DIR } from './web/web-inbox';
// The signing steps, for the tests that stop a signing request between two of them.
export { SigningProviders } from './signatures/signing-providers';
export { SigningService } from './signatures/signing.service';
export { TteService } from './signatures/tte.service';

export * from './app.factory';
export { WEB_DIST_DIR } from './web/web-inbox';

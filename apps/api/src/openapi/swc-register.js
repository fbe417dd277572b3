// `node -r` hook: runs the TypeScript sources directly (no dist/ needed), compiled by swc with the
// options of the repository's .swcrc (inline: the Docker build does not copy it). Decorator
// metadata must be on: Nest's Swagger scanner reads the property types from it.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

const options = {
  swcrc: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};

require.extensions['.ts'] = (module, filename) => {
  module._compile(transformSync(readFileSync(filename, 'utf8'), { ...options, filename }).code, filename);
};

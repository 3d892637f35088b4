// One SWC configuration for the build (tools/build.js) and for jest (jest.config.js).
// SWC keeps Nest's decorator metadata and, given `paths`, rewrites the @kjflow/* aliases into
// relative imports, so the compiled tree in dist/ runs on plain Node with no runtime resolver.
// tsconfig has no baseUrl (deprecated in TypeScript 6): its paths are relative to the repository
// root, which SWC takes as its baseUrl.
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const { compilerOptions } = require('../tsconfig.base.json');

function swcOptions({ rewritePaths }) {
  return {
    sourceMaps: true,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      ...(rewritePaths ? { baseUrl: root, paths: compilerOptions.paths } : {}),
    },
  };
}

/** jest moduleNameMapper entries for the same aliases. */
function jestAliases() {
  const map = {};
  for (const [alias, [relative]] of Object.entries(compilerOptions.paths)) {
    const target = path.posix.normalize(relative); // tsconfig paths start with `./` (no baseUrl)
    const pattern = alias.replace(/\//g, '\\/');
    // `@kjflow/domain/*` → `libs/domain/src/*` (deep imports, e.g. workflow code's `*.rules` modules).
    if (alias.endsWith('/*')) map[`^${pattern.slice(0, -1)}(.*)$`] = `<rootDir>/${target.slice(0, -1)}$1`;
    else map[`^${pattern}$`] = `<rootDir>/${target}`;
  }
  return map;
}

module.exports = { root, swcOptions, jestAliases };

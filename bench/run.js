#!/usr/bin/env node
// Runs a TypeScript benchmark in place: a require hook compiles each .ts file with the project's
// SWC settings (tools/swc.js) as it is loaded, so bench/ needs no build step and no dist/ tree.
// Usage: node bench/run.js bench/assignment.bench.ts [args…]
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { swcOptions } = require('../tools/swc');

const options = { ...swcOptions({ rewritePaths: false }), sourceMaps: 'inline', swcrc: false };
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node bench/run.js <file.ts> [args…]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(script), ...args];
require(path.resolve(script));

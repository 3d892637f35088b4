// Options for bundleWorkflowCode shared by the build, the worker's dev mode and the workflow tests.
// The webpack hook teaches the bundler the tsconfig path aliases, so workflow code imports
// `@kjflow/domain/rules/…` as the type checker resolves it.
//
// Memory: the SDK's reusable V8 context keeps one webpack module cache per workflow, so every
// module the bundle's workflow code imports is evaluated, and held, once per cached workflow.
// Workflow code therefore imports only the `*.rules.ts` modules of libs/domain (zod-free, small); what the bundle
// holds for the rare paths (zod schemas, the holiday calendar) is loaded by the workflows that
// take them (libs/domain/src/kernel/lazy.rules.ts). bench/README.md has the figures.
const path = require('node:path');
const { root } = require('./swc');
const { compilerOptions } = require('../tsconfig.base.json');

function workflowBundleOptions() {
  const alias = {};
  for (const [name, [target]] of Object.entries(compilerOptions.paths)) {
    // `name/*` → a folder (webpack's alias matches `name` and `name/…`); a bare name → its file only.
    if (name.endsWith('/*')) alias[name.slice(0, -2)] = path.join(root, target.slice(0, -2));
    else alias[`${name}$`] = path.join(root, target);
  }
  return {
    workflowsPath: path.join(root, 'workflows/src/index.ts'),
    webpackConfigHook: (config) => {
      config.resolve = config.resolve || {};
      config.resolve.alias = { ...(config.resolve.alias || {}), ...alias };
      return config;
    },
  };
}

module.exports = { workflowBundleOptions };

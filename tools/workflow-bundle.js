// Options for bundleWorkflowCode shared by the build and the worker's dev mode. The webpack hook
// teaches the bundler the tsconfig path aliases, so workflow code imports `@kjflow/domain` as
// everywhere else.
const path = require('node:path');
const { root } = require('./swc');
const { compilerOptions } = require('../tsconfig.base.json');

function workflowBundleOptions() {
  const alias = {};
  for (const [name, [target]] of Object.entries(compilerOptions.paths)) alias[name] = path.join(root, target);
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

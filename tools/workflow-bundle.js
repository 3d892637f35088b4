// Options for bundleWorkflowCode shared by the build, the worker's dev mode and the workflow tests.
// The webpack hook teaches the bundler the tsconfig path aliases, so workflow code imports
// `@kjflow/domain/rules/…` as the type checker resolves it.
//
// Memory: the SDK's reusable V8 context keeps one webpack module cache per workflow, so a module
// that workflow code loads is evaluated, and held, once per cached workflow, unless it is preloaded
// (below): then once per worker. Workflow code imports only the `*.rules.ts` modules of
// libs/domain (zod-free, small); what the bundle holds for the rare paths (zod schemas, the holiday
// calendar) is loaded by the workflows that take them (libs/domain/src/kernel/lazy.rules.ts), per
// workflow. bench/README.md has the figures.
const crypto = require('node:crypto');
const fs = require('node:fs');
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
  const workflowsPath = path.join(root, 'workflows/src/index.ts');
  return {
    workflowsPath,
    // The workflows and every module they import statically, evaluated once when the worker makes
    // its V8 context, into the SDK's shared module cache (deep-frozen), instead of once per cached
    // workflow: 252 → 57 KiB of heap per cached application workflow. Safe because none of them
    // keeps state at module level (workflows/src/preload.spec.ts checks; a write to a frozen export
    // throws). What the lazy loaders bring (zod, its schemas) stays per workflow: zod defines
    // properties on a schema when first used, which a frozen schema would refuse.
    preloadModules: [workflowsPath],
    webpackConfigHook: (config) => {
      config.resolve = config.resolve || {};
      config.resolve.alias = { ...(config.resolve.alias || {}), ...alias };
      return config;
    },
  };
}

/** What a workflow bundle is built from: the workflows, the libraries, the locked dependencies. */
function bundleSourceHash() {
  const hash = crypto.createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts')) hash.update(file).update(fs.readFileSync(file));
    }
  };
  walk(path.join(root, 'workflows/src'));
  walk(path.join(root, 'libs'));
  for (const file of ['package-lock.json', 'tsconfig.base.json', 'tools/workflow-bundle.js'])
    hash.update(fs.readFileSync(path.join(root, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The workflow tests' bundle, built by `build()` once per source version and kept in
 * `.data/cache`: every workflow test file needs it, and webpack takes ~8 s of CPU each time.
 * Written whole then renamed, so a test file running beside reads all of it or none; older
 * versions' bundles go.
 */
async function cachedWorkflowBundle(build) {
  const dir = path.join(root, '.data/cache');
  const cached = path.join(dir, `workflow-bundle-${bundleSourceHash()}.js`);
  if (fs.existsSync(cached)) return { code: fs.readFileSync(cached, 'utf8') };
  const built = await build();
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${cached}.${process.pid}`;
  fs.writeFileSync(partial, built.code);
  fs.renameSync(partial, cached);
  for (const old of fs.readdirSync(dir))
    if (/^workflow-bundle-[0-9a-f]{16}\.js$/.test(old) && path.join(dir, old) !== cached)
      fs.rmSync(path.join(dir, old), { force: true });
  return built;
}

module.exports = { workflowBundleOptions, cachedWorkflowBundle };

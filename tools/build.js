#!/usr/bin/env node
// Compiles every TypeScript project into dist/ (same layout as the sources) with SWC, then
// prebuilds the workflow bundle the production worker loads (bundleWorkflowCode → workflowBundle).
// Type checking is separate (`npm run lint` runs tsc --noEmit): SWC only strips types, which keeps
// `npm start` and the test set-up fast on a 2-core machine; they also skip the build when dist/
// was built from the sources as they are now (`build({ ifStale: true })`).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { root, swcOptions } = require('./swc');

const SOURCE_DIRS = ['apps/api/src', 'apps/worker/src', 'libs', 'workflows/src', 'seeds/src'];
const ASSET_DIRS = ['seeds/data', 'seeds/programs', 'libs/domain/src/kernel/data'];
// What else shapes dist/: the compiler settings, the bundler's aliases, the dependencies.
const CONFIG_FILES = [
  'tools/build.js',
  'tools/swc.js',
  'tools/workflow-bundle.js',
  'tsconfig.base.json',
  'package-lock.json',
];
const dist = path.join(root, 'dist');
const STAMP = path.join(dist, '.build-stamp.json');
// The portal (apps/web): built by Vite into dist/apps/web, which the API serves under /portal/.
const WEB_DIR = 'apps/web';
const WEB_OUT = path.join(dist, 'apps/web');
const WEB_STAMP = path.join(dist, '.web-build-stamp.json');
const WEB_CONFIG_FILES = ['tools/build.js', 'package-lock.json'];

function* tsFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts'))
      yield full;
  }
}

async function compile() {
  const options = swcOptions({ rewritePaths: true });
  const jobs = [];
  for (const dir of SOURCE_DIRS) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const file of tsFiles(abs)) {
      jobs.push(
        swc.transformFile(file, { ...options, filename: file }).then((out) => {
          const rel = path.relative(root, file).replace(/\.ts$/, '.js');
          const target = path.join(dist, rel);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, out.code + `\n//# sourceMappingURL=${path.basename(target)}.map\n`);
          if (out.map) fs.writeFileSync(target + '.map', out.map);
        }),
      );
    }
  }
  await Promise.all(jobs);
  // Non-TypeScript assets the apps read at run time (seed data, calendars).
  for (const dir of ASSET_DIRS) {
    const abs = path.join(root, dir);
    if (fs.existsSync(abs)) fs.cpSync(abs, path.join(dist, dir), { recursive: true });
  }
  return jobs.length;
}

/**
 * The workflow bundle; `traced` adds the OpenTelemetry workflow interceptors
 * (dist/workflow-bundle-traced.js, which the worker loads when tracing is on). Kept apart because
 * each cached workflow holds its own copy of the modules the bundle's workflow code runs.
 */
async function bundleWorkflows({ traced = false } = {}) {
  const { bundleWorkflowCode, DefaultLogger } = require('@temporalio/worker');
  const { workflowBundleOptions } = require('./workflow-bundle');
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(),
    ...(traced
      ? {
          workflowInterceptorModules: [
            require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
          ],
        }
      : {}),
    logger: new DefaultLogger('WARN'),
  });
  const target = path.join(dist, traced ? 'workflow-bundle-traced.js' : 'workflow-bundle.js');
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(target, code);
  return target;
}

function* allFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* allFiles(full);
    else yield full;
  }
}

/** Path, size and mtime of every input: an edit, a new or a deleted file changes it. */
function inputsFingerprint(configFiles = CONFIG_FILES, dirs = [...SOURCE_DIRS, ...ASSET_DIRS]) {
  const files = [...configFiles.map((f) => path.join(root, f))];
  for (const dir of dirs) {
    const abs = path.join(root, dir);
    if (fs.existsSync(abs)) files.push(...allFiles(abs));
  }
  const hash = crypto.createHash('sha256');
  for (const file of files.sort()) {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    hash.update(`${path.relative(root, file)}\0${st ? `${st.size}:${st.mtimeMs}` : '-'}\n`);
  }
  return hash.digest('hex');
}

function isCurrent(fingerprint, bundle) {
  try {
    const stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
    return stamp.fingerprint === fingerprint && (stamp.bundle || !bundle);
  } catch {
    return false;
  }
}

/** Builds the portal with Vite, unless ifStale and dist/apps/web was built from these very inputs. */
async function buildWeb({ ifStale = false, log = console.log } = {}) {
  const started = Date.now();
  const fingerprint = inputsFingerprint(WEB_CONFIG_FILES, [WEB_DIR]);
  try {
    if (ifStale && JSON.parse(fs.readFileSync(WEB_STAMP, 'utf8')).fingerprint === fingerprint) {
      log('[build] dist/apps/web is up to date with apps/web (skipped)');
      return;
    }
  } catch {
    /* no stamp: build */
  }
  fs.rmSync(WEB_STAMP, { force: true });
  const vite = await import('vite');
  // A production build also under jest, which sets NODE_ENV=test: Vite and the React plugin read it
  // (a development JSX runtime, React's and antd's slow dev checks).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({
      configFile: path.join(root, WEB_DIR, 'vite.config.mjs'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  fs.writeFileSync(WEB_STAMP, JSON.stringify({ fingerprint }));
  log(`[build] portal (apps/web) → ${path.relative(root, WEB_OUT)} in ${Date.now() - started} ms`);
}

/**
 * Options: web (the portal; default: with the bundle), bundle (default: unless --no-bundle), ifStale (skip when dist/ was built from these
 * very inputs; `npm run build` always builds).
 */
async function build({
  bundle = !process.argv.includes('--no-bundle'),
  web = bundle && !process.argv.includes('--no-web'),
  ifStale = false,
  log = console.log,
} = {}) {
  if (web) await buildWeb({ ifStale, log });
  const started = Date.now();
  const fingerprint = inputsFingerprint();
  if (ifStale && isCurrent(fingerprint, bundle)) {
    log('[build] dist/ is up to date with the sources (skipped)');
    return;
  }
  fs.rmSync(STAMP, { force: true }); // an interrupted build must not pass for a current one
  fs.rmSync(path.join(dist, 'workflow-bundle-traced.js'), { force: true }); // stale from now on
  const files = await compile();
  const bundled = bundle ? await bundleWorkflows() : null;
  fs.writeFileSync(STAMP, JSON.stringify({ fingerprint, bundle: Boolean(bundled) }));
  log(
    `[build] ${files} files → dist/${bundled ? ', workflow bundle → dist/workflow-bundle.js' : ''} in ${Date.now() - started} ms`,
  );
}

/** The traced bundle, made when missing (the worker with tracing on, or `--traced-bundle`). */
async function ensureTracedBundle({ log = console.log } = {}) {
  const target = path.join(dist, 'workflow-bundle-traced.js');
  if (fs.existsSync(target)) return target;
  const started = Date.now();
  await bundleWorkflows({ traced: true });
  log(`[build] traced workflow bundle → dist/workflow-bundle-traced.js in ${Date.now() - started} ms`);
  return target;
}

if (require.main === module) {
  build()
    .then(() => process.argv.includes('--traced-bundle') && ensureTracedBundle())
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

module.exports = { build, buildWeb, ensureTracedBundle };

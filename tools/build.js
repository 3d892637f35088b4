#!/usr/bin/env node
// Compiles every TypeScript project into dist/ (same layout as the sources) with SWC, then
// prebuilds the workflow bundle the production worker loads (bundleWorkflowCode → workflowBundle).
// Type checking is separate (`npm run lint` runs tsc --noEmit): SWC only strips types, which keeps
// `npm start` and the test set-up fast on a 2-core machine.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { root, swcOptions } = require('./swc');

const SOURCE_DIRS = ['apps/api/src', 'apps/worker/src', 'libs', 'workflows/src', 'seeds/src'];
const dist = path.join(root, 'dist');

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
  for (const dir of ['seeds/data', 'seeds/programs', 'libs/domain/src/data']) {
    const abs = path.join(root, dir);
    if (fs.existsSync(abs)) fs.cpSync(abs, path.join(dist, dir), { recursive: true });
  }
  return jobs.length;
}

async function bundleWorkflows() {
  const { bundleWorkflowCode, DefaultLogger } = require('@temporalio/worker');
  const { workflowBundleOptions } = require('./workflow-bundle');
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(),
    logger: new DefaultLogger('WARN'),
  });
  const target = path.join(dist, 'workflow-bundle.js');
  fs.writeFileSync(target, code);
  return target;
}

async function main() {
  const started = Date.now();
  const files = await compile();
  const bundle = process.argv.includes('--no-bundle') ? null : await bundleWorkflows();
  console.log(
    `[build] ${files} files → dist/${bundle ? ', workflow bundle → dist/workflow-bundle.js' : ''} in ${Date.now() - started} ms`,
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

module.exports = { build: main };

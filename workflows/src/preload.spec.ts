import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { workflowBundle } from './testing/env';

/**
 * The worker evaluates the workflows and what they import once, into the SDK's shared module cache
 * (`preloadModules` in tools/workflow-bundle.js), instead of once per cached workflow. That is safe
 * only for modules with no state of their own at module level: a `let` or a collection there would
 * be one for every workflow of the worker, not one per workflow. This test evaluates the real bundle
 * in the SDK's reusable context, as the worker does, and reads which modules landed there.
 */
const root = path.resolve(__dirname, '../..');

/** Top-level declarations that hold state across calls: `let`/`var`, or a Map/Set/array made at load. */
function moduleState(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    const mutableBinding = !(list.flags & ts.NodeFlags.Const);
    for (const d of list.declarations) {
      const init = d.initializer;
      const collection =
        init !== undefined &&
        ts.isNewExpression(init) &&
        /^(Map|Set|WeakMap|WeakSet|Array)$/.test(init.expression.getText(source));
      if (mutableBinding || collection) found.push(`${path.relative(root, file)}: ${d.name.getText(source)}`);
    }
  }
  return found;
}

describe('the modules the worker shares between workflows (preloadModules)', () => {
  let inBundle: string[];
  let shared: string[];

  beforeAll(async () => {
    const { code } = await workflowBundle();
    inBundle = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"$/gm)].map((m) => m[1]);
    const creator = await ReusableVMWorkflowCreator.create(
      parseWorkflowCode(code, path.join(root, 'dist/workflow-bundle.js')),
      undefined as unknown as number,
      new Set(),
    );
    try {
      // Before any workflow exists the cache answers from the shared modules only.
      const cache = (creator as unknown as { context: Record<string, Record<string, unknown>> }).context
        .__webpack_module_cache__;
      shared = inBundle.filter((id) => cache[id] !== undefined);
    } finally {
      await creator.destroy();
    }
  }, 60_000);

  it('holds every workflow module, so a cached workflow costs only its own state', () => {
    const workflows = inBundle.filter((id) => /^\.\/workflows\/src\/.*\.workflow\.ts$/.test(id));
    expect(workflows.length).toBeGreaterThan(20);
    expect(workflows.filter((id) => !shared.includes(id))).toEqual([]);
    expect(shared).toContain('./libs/domain/src/application/application.rules.ts');
  });

  it('leaves what the lazy loaders bring (zod, its schemas) to each workflow that loads them', () => {
    // zod defines properties on a schema when first used, which a frozen shared schema would refuse.
    expect(shared.filter((id) => id.includes('node_modules/zod/'))).toEqual([]);
    expect(shared).not.toContain('./libs/domain/src/application/application.ts');
  });

  it('shares no module that keeps state at module level', () => {
    const ours = shared.filter((id) => !id.includes('node_modules')).map((id) => path.join(root, id));
    expect(ours.length).toBeGreaterThan(50);
    expect(ours.flatMap(moduleState)).toEqual([]);
  });
});

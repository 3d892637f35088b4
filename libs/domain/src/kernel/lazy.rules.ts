/* eslint-disable @typescript-eslint/no-require-imports -- loading on first use is this file's purpose */
/**
 * The full domain modules (zod schemas, data tables), loaded on first use by the rules that need
 * them on a rare path.
 *
 * Temporal's reusable V8 context keeps one webpack module cache per workflow, so every module that
 * workflow code imports is evaluated again, and held, for each cached workflow: zod alone holds
 * ~0.5 MB per workflow, the whole domain ~3.5 MB (bench/README.md). Workflow code therefore imports
 * only the `*.rules.ts` modules (zod-free), and a rule that needs a schema reaches its module through one of these
 * loaders: the bundler includes the module, but it is evaluated only in a workflow that calls the
 * loader. Each `require` names its module literally, so that webpack sees it.
 */
export const loadValidation = () => require('./validation') as typeof import('./validation');
export const loadApplication = () =>
  require('../application/application') as typeof import('../application/application');
export const loadDemand = () => require('../demand/demand') as typeof import('../demand/demand');
export const loadGuide = () => require('../guide/guide') as typeof import('../guide/guide');
export const loadMisconductCase = () =>
  require('../credit/misconduct-case') as typeof import('../credit/misconduct-case');
export const loadAward = () => require('../award/award') as typeof import('../award/award');
export const loadCalendar = () => require('./calendar') as typeof import('./calendar');
export const loadAgreement = () =>
  require('../agreement/agreement') as typeof import('../agreement/agreement');
export const loadCredit = () => require('../credit/credit') as typeof import('../credit/credit');

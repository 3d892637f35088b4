import { Bilingual } from '../kernel/errors.rules';

/** Zod-free: the program template (guide stage) names them. See dispatch.ts. */
export const PROJECT_KINDS = ['research', 'dispatch'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

/** What the progress reports of a program's projects are: 进展报告 (default) or 服务日志. */
export const REPORT_KINDS = ['progress', 'service_log'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, Bilingual> = {
  progress: { zh: '进展报告', en: 'Progress report' },
  service_log: { zh: '服务日志', en: 'Service log' },
};

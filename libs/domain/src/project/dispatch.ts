import { z } from 'zod';
import { Bilingual, DomainError } from '../kernel/messages';
import { countySchema } from '../kernel/reference-data';
import { bilingual, parseOrThrow } from '../kernel/validation';
import { progressReportSchema } from './report';
import { ProjectKind, REPORT_KIND_LABELS, ReportKind } from './dispatch.rules';

export * from './dispatch.rules';

/**
 * 科技特派员 (S&T commissioners, issue 16 §4): a program whose projects are dispatches (选派). The
 * commissioner applies naming where they will serve (a county, a township, or an enterprise or
 * cooperative, with its county) and what they bring; the agreement carries it with the program's
 * service term, and the signing starts the dispatch. Seeds 002:59 (400 person-times in 2022),
 * 003:93 (1000 by 2023), 004:397 (2000 in five years; services: visits, training, technology).
 * Which programs work so is template data (`projectKind`, `reportKind`), not code.
 */
export const DISPATCH_TARGET_KINDS = ['county', 'township', 'enterprise'] as const;
export type DispatchTargetKind = (typeof DISPATCH_TARGET_KINDS)[number];
export const DISPATCH_TARGET_KIND_LABELS: Record<DispatchTargetKind, Bilingual> = {
  county: { zh: '县（市、区）', en: 'County' },
  township: { zh: '乡（镇）、村', en: 'Township or village' },
  enterprise: { zh: '企业、合作社', en: 'Enterprise or cooperative' },
};

const text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => s.length >= 2, bilingual({ zh: `请填写${what}`, en: `Give the ${what}` }));

/** Where the commissioner serves and with what: part of the application (`content.dispatch`). */
export const dispatchSchema = z
  .strictObject({
    targetKind: z
      .enum(DISPATCH_TARGET_KINDS)
      .describe('county 县 / township 乡镇、村 / enterprise 企业、合作社'),
    targetName: text('服务对象名称', 100).describe(
      'The county, township or village, or the enterprise, by name',
    ),
    county: countySchema.describe('The county served (for an enterprise or township: the county it is in)'),
    expertise: text('专业特长与服务内容', 1000).describe(
      "The commissioner's expertise and the services offered",
    ),
  })
  .superRefine((d, ctx) => {
    if (d.targetKind === 'county' && d.targetName !== d.county)
      ctx.addIssue({
        code: 'custom',
        path: ['targetName'],
        ...bilingual({
          zh: `派驻县（市、区）时，服务对象即该县：应为“${d.county}”`,
          en: `Serving a county, the target is that county: “${d.county}”`,
        }),
      });
  });
export type Dispatch = z.infer<typeof dispatchSchema>;

export const DISPATCH_REQUIRED: Bilingual = {
  zh: '科技特派员申报须填写派驻对象（县、乡镇或企业）及服务内容',
  en: 'A commissioner’s application names where they will serve and what they offer',
};

/**
 * A program whose projects are dispatches takes an application only with its dispatch target
 * (the agreement and the project are generated from it); other programs ignore the field.
 */
export function assertDispatchGiven(projectKind: ProjectKind | undefined, dispatch: unknown): void {
  if (projectKind !== 'dispatch') return;
  if (dispatch === undefined || dispatch === null)
    throw new DomainError('validation_failed', DISPATCH_REQUIRED, [
      { path: 'dispatch', message: DISPATCH_REQUIRED },
    ]);
  parseOrThrow(z.object({ dispatch: dispatchSchema }), { dispatch }, '申报书');
}

/** The agreement's dispatch: the application's, with the program's service term (ISO 8601). */
export interface AgreementDispatch extends Dispatch {
  term: string;
}

export function agreementDispatch(
  projectKind: ProjectKind | undefined,
  dispatch: unknown,
  term: string,
): AgreementDispatch | null {
  if (projectKind !== 'dispatch' || dispatch === null || typeof dispatch !== 'object') return null;
  return { ...(dispatch as Dispatch), term };
}

export const dispatchViewSchema = z.object({
  targetKind: z.enum(DISPATCH_TARGET_KINDS),
  targetKindLabel: z.object({ zh: z.string(), en: z.string() }),
  targetName: z.string(),
  county: z.string(),
  expertise: z.string(),
  term: z.string().describe('The service term (ISO 8601), from the program template'),
});
export type DispatchView = z.infer<typeof dispatchViewSchema>;

export function dispatchView(d: AgreementDispatch): DispatchView {
  return {
    targetKind: d.targetKind,
    targetKindLabel: DISPATCH_TARGET_KIND_LABELS[d.targetKind],
    targetName: d.targetName,
    county: d.county,
    expertise: d.expertise,
    term: d.term,
  };
}

// ---- 服务日志: the commissioner's progress reports ---------------------------------------------

const count = (max: number) => z.number().int().min(0).max(max);

/**
 * A service log (服务日志) for the period: each visit (date, place, who was served), each training
 * (sessions, people trained), the technologies introduced and the problems solved (seed 004:397:
 * 科技下乡, 技术培训, 农技推广). Counts are integers; the roll-up sums them from accepted logs.
 */
export const serviceLogSchema = z
  .strictObject({
    summary: text('本期服务情况', 5000).describe('本期服务情况: the work of the period'),
    visits: z
      .array(
        z.strictObject({
          date: z.iso.date().describe('The day of the visit (Beijing date)'),
          place: text('服务地点', 200).describe('Township, village or enterprise visited'),
          served: text('服务对象', 200).describe('Who was served (a cooperative, farmers, an enterprise)'),
          note: z.string().trim().max(2000).default(''),
        }),
      )
      .max(200)
      .default([])
      .describe('下乡服务: each visit'),
    trainings: z
      .array(
        z.strictObject({
          topic: text('培训主题', 200),
          sessions: count(1000).min(1).describe('Sessions held (期/场)'),
          peopleTrained: count(100_000).describe('People trained (人次)'),
        }),
      )
      .max(100)
      .default([])
      .describe('技术培训: sessions and people trained'),
    technologies: z
      .array(z.strictObject({ name: text('技术名称', 200), note: z.string().trim().max(2000).default('') }))
      .max(100)
      .default([])
      .describe('引进推广的新技术、新品种'),
    problemsSolved: z
      .array(
        z.strictObject({ problem: text('问题', 500), solution: z.string().trim().max(2000).default('') }),
      )
      .max(100)
      .default([])
      .describe('解决的技术难题'),
    attachmentIds: z.array(z.uuid()).max(50).default([]).describe('Attachments (ids of uploaded files)'),
  })
  .refine(
    (l) => l.visits.length + l.trainings.length + l.technologies.length + l.problemsSolved.length > 0,
    bilingual(
      {
        zh: '服务日志须至少记录一次服务、培训、技术推广或解决的问题',
        en: 'A service log records at least one visit, training, technology or problem solved',
      },
      ['visits'],
    ),
  );
export type ServiceLogInput = z.infer<typeof serviceLogSchema>;

/**
 * The body of a report's submission as the route takes it: an object, validated by the service
 * against the schema of the program's report kind (`parseReportContent`), so each kind's errors
 * name its own fields.
 */
export const reportContentInputSchema = z
  .record(z.string(), z.unknown())
  .describe(
    'A progress report (progressReportSchema: progress, milestones, indicators, spending, problems, outcomes, attachmentIds) or, for a program whose reportKind is service_log, a service log (serviceLogSchema: summary, visits, trainings, technologies, problemsSolved, attachmentIds)',
  );

/** The report's content for the program's report kind (422 naming each field otherwise). */
export function parseReportContent(kind: ReportKind | undefined, content: unknown) {
  return kind === 'service_log'
    ? parseOrThrow(serviceLogSchema, content, REPORT_KIND_LABELS.service_log.zh)
    : parseOrThrow(progressReportSchema, content, REPORT_KIND_LABELS.progress.zh);
}

/** What an accepted service log adds to the roll-up (the repository sums the same in SQL). */
export interface ServiceTotals {
  visits: number;
  trainingSessions: number;
  peopleTrained: number;
  technologies: number;
  problemsSolved: number;
}

export function serviceTotals(logs: ReadonlyArray<ServiceLogInput>): ServiceTotals {
  const t: ServiceTotals = {
    visits: 0,
    trainingSessions: 0,
    peopleTrained: 0,
    technologies: 0,
    problemsSolved: 0,
  };
  for (const l of logs) {
    t.visits += l.visits.length;
    t.trainingSessions += l.trainings.reduce((s, x) => s + x.sessions, 0);
    t.peopleTrained += l.trainings.reduce((s, x) => s + x.peopleTrained, 0);
    t.technologies += l.technologies.length;
    t.problemsSolved += l.problemsSolved.length;
  }
  return t;
}

import { z } from 'zod';
import { bilingual } from '../kernel/validation';
import { DomainError } from '../kernel/messages';

/**
 * Projects (项目): funded work followed to acceptance. Until agreements create them, projects of
 * earlier years are registered from the bureau's earlier records, because 限项 and duplicate
 * checks must see them (RULES §3: a PI with an ongoing or overdue unaccepted project may not apply).
 */
export const PROJECT_STATUSES = ['ongoing', 'accepted', 'closed', 'terminated'] as const;
export const projectStatusSchema = z.enum(PROJECT_STATUSES);

export const registerProjectSchema = z
  .object({
    programCode: z.string().trim().min(2).max(64).describe('The program template code, e.g. key-rd'),
    title: z.string().trim().min(2).max(200),
    summary: z.string().trim().max(5000).default(''),
    piId: z.uuid(),
    institutionId: z.uuid(),
    status: projectStatusSchema,
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    acceptedOn: z.iso.date().nullable().default(null),
    source: z.string().trim().min(2).max(500).describe('Where the record comes from, e.g. a filing number'),
  })
  .refine(
    (p) => p.endsOn >= p.startsOn,
    bilingual({ zh: '结束日期不能早于开始日期', en: 'The end cannot be before the start' }, ['endsOn']),
  )
  .refine(
    (p) => (p.status === 'accepted') === (p.acceptedOn !== null),
    bilingual(
      {
        zh: '已验收的项目须填写验收日期，其他状态不填',
        en: 'An accepted project needs its acceptance date, others none',
      },
      ['acceptedOn'],
    ),
  );
export type RegisterProjectInput = z.infer<typeof registerProjectSchema>;

export const projectViewSchema = z.object({
  id: z.uuid(),
  programCode: z.string(),
  title: z.string(),
  summary: z.string(),
  piId: z.uuid(),
  institutionId: z.uuid(),
  status: projectStatusSchema,
  startsOn: z.string(),
  endsOn: z.string(),
  acceptedOn: z.string().nullable(),
  overdue: z.boolean().describe('Past its end date and not accepted'),
  source: z.string(),
});
export type ProjectView = z.infer<typeof projectViewSchema>;

/** A registration names a PI and an institution that exist: each unknown one is a field error. */
export function assertKnownSubjects(unknown: readonly string[]): void {
  if (unknown.length === 0) return;
  const message = { zh: '主体不存在', en: 'Unknown subject' };
  throw new DomainError(
    'validation_failed',
    message,
    unknown.map((path) => ({ path, message })),
  );
}

import { z } from 'zod';
import { DomainError } from '../kernel/messages';
import { bilingual } from '../kernel/validation';
import { Actor, hasRole } from '../kernel/roles';
import { RACE_PHASES } from './race.rules';

// The comparison's steps are zod-free (race.rules.ts), as the race's workflow decides them.

/** A team's mid-point result (赛马中期比拼), recorded by staff. */
export const raceResultInputSchema = z.strictObject({
  score: z.number().min(0).max(100).describe('The team’s mid-point score (0–100)'),
  opinion: z
    .string()
    .trim()
    .max(5000)
    .refine((o) => o.length >= 2, bilingual({ zh: '须填写比拼意见', en: 'Give the comparison’s opinion' }))
    .describe('What the comparison found'),
  issuerRepresentative: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .default(null)
    .describe("揭榜挂帅: the issuer's representative who took part (required for a challenge's race)"),
});
export type RaceResultInput = z.infer<typeof raceResultInputSchema>;

export const raceDecisionInputSchema = z.strictObject({
  continuing: z
    .array(z.uuid())
    .min(1)
    .describe('The projects of the teams that continue (as many as the template’s continueCount)'),
  reasons: z
    .string()
    .trim()
    .max(5000)
    .refine((r) => r.length >= 2, bilingual({ zh: '须说明理由', en: 'Give the reasons' }))
    .describe('Why these teams continue'),
});
export type RaceDecisionInput = z.infer<typeof raceDecisionInputSchema>;

export const raceViewSchema = z.object({
  id: z.uuid(),
  midpointDate: z.iso.date().describe('The race’s mid-point date set at the award (Beijing civil date)'),
  phase: z.enum(RACE_PHASES),
  opensAt: z.string().nullable().describe('When the comparison opened (UTC)'),
  teams: z.array(
    z.object({
      applicationId: z.uuid(),
      projectId: z.uuid().nullable().describe('Null while its agreement is not signed'),
      title: z.string(),
      projectStatus: z.string().nullable(),
      result: z
        .object({
          score: z.number(),
          opinion: z.string(),
          issuerRepresentative: z.string().nullable(),
          recordedBy: z.uuid(),
          recordedAt: z.string(),
        })
        .nullable(),
    }),
  ),
  decision: z
    .object({
      continuing: z.array(z.uuid()),
      reasons: z.string(),
      decidedBy: z.uuid(),
      decidedAt: z.string(),
    })
    .nullable(),
});
export type RaceView = z.infer<typeof raceViewSchema>;

/** Staff record the race's results and decide it (the issuer's representative is named, not a login). */
export function assertRaceActor(actor: Actor): void {
  if (!hasRole(actor, 'officer', 'admin'))
    throw new DomainError('forbidden', {
      zh: '赛马中期比拼由项目管理人员办理',
      en: 'The race’s mid-point comparison is taken by the bureau’s staff',
    });
}

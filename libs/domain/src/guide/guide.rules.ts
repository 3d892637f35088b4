import type { GuideContent } from './guide';
import type { Mode } from './call.rules';
import { Bilingual, DomainError } from '../kernel/errors.rules';
import { loadGuide } from '../kernel/lazy.rules';
import { Role, ROLE_LABELS } from '../kernel/roles.rules';
import { stateMachine, Transition } from '../kernel/state-machine.rules';
import { lazySchema } from '../kernel/validation.rules';

/**
 * Guides (指南) and challenge lists (榜单): drafted for a program template, approved internally
 * through a chain of steps, then published — immutable from then on. A correction is a new
 * version with a change note; a published guide may be withdrawn until its window opens.
 */
export const GUIDE_STATUSES = ['draft', 'in_review', 'returned', 'published', 'withdrawn'] as const;
export type GuideStatus = (typeof GUIDE_STATUSES)[number];

export const GUIDE_STATUS_LABELS: Record<GuideStatus, Bilingual> = {
  draft: { zh: '草稿', en: 'Draft' },
  in_review: { zh: '审核中', en: 'In internal review' },
  returned: { zh: '退回修改', en: 'Returned for revision' },
  published: { zh: '已发布', en: 'Published' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export const GUIDE_EDITABLE: readonly GuideStatus[] = ['draft', 'returned'];

const machine = stateMachine<GuideStatus>({
  noun: { zh: '指南', en: 'guide' },
  labels: GUIDE_STATUS_LABELS,
  rules: [
    { from: GUIDE_EDITABLE, command: 'submit', to: 'in_review', event: 'guide.submitted_for_approval' },
    { from: ['in_review'], command: 'return', to: 'returned', event: 'guide.returned' },
    { from: ['in_review'], command: 'publish', to: 'published', event: 'guide.published' },
    { from: ['published'], command: 'withdraw', to: 'withdrawn', event: 'guide.withdrawn' },
  ],
});

export type GuideCommand = 'submit' | 'return' | 'publish' | 'withdraw';

export function nextGuideStatus(from: GuideStatus, command: GuideCommand): Transition<GuideStatus> {
  return machine.next(from, command);
}

export function assertGuideEditable(status: GuideStatus): void {
  if (!GUIDE_EDITABLE.includes(status)) {
    throw machine.refuse(status, {
      zh: '直接修改（已发布的指南请发布更正版本）',
      en: 'it can no longer be edited (publish a correction instead)',
    });
  }
}

export function assertCorrectable(status: GuideStatus): void {
  if (status !== 'published')
    throw machine.refuse(status, { zh: '发布更正', en: 'only a published guide can be corrected' });
}

/** A guide can be withdrawn only before its window opens (nobody can have applied yet). */
export function assertWithdrawable(
  status: GuideStatus,
  windowStart: string,
  now: number,
): Transition<GuideStatus> {
  const t = nextGuideStatus(status, 'withdraw');
  const opens = new Date(windowStart).getTime();
  if (Number.isNaN(opens) || now >= opens) {
    throw new DomainError('invalid_state', {
      zh: '申报窗口已开启，不能撤回指南',
      en: 'The application window has opened; the guide can no longer be withdrawn',
    });
  }
  return t;
}

// ---- content (parsed on demand: the schemas are in guide.ts) ----------------------------------

export const guideContentSchema = lazySchema(() => loadGuide().guideContentSchema);
export const patchGuideSchema = lazySchema(() => loadGuide().patchGuideSchema);
export const correctionSchema = lazySchema(() => loadGuide().correctionSchema);

/** Four eyes: the step's role, and never the person who drafted the guide. */
export function assertMayApprove(actor: { id: string; roles: Role[] }, step: Role, draftedBy: string): void {
  if (actor.id === draftedBy) {
    throw new DomainError('forbidden', {
      zh: '起草人不能审核自己的指南',
      en: 'The drafter cannot approve their own guide',
    });
  }
  if (!actor.roles.includes(step)) {
    throw new DomainError('forbidden', {
      zh: `当前审核环节须由“${ROLE_LABELS[step].zh}”处理`,
      en: `The current approval step belongs to the ${ROLE_LABELS[step].en} role`,
    });
  }
}

/** What the guide workflow is started with. */
export interface GuideSpec {
  id: string;
  templateId: string;
  mode: Mode;
  approvalChain: Role[];
  content: GuideContent;
  createdBy: string;
}

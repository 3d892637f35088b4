import { Bilingual, DomainError } from '../kernel/errors.rules';
import { addDuration, parseIsoDuration } from '../kernel/iso-duration.rules';
import { formatYuan } from '../kernel/money.rules';
import { shanghaiDate } from '../kernel/time.rules';
import { MAX_SCHEDULED_REPORTS, PROJECT_STATUS_LABELS, ProjectStatus } from './project.rules';

/**
 * Change requests (变更申请) during execution, zod-free as the project's workflow decides them
 * (RULES §8, §12.4, §14 Execution: 执行中 ⇄ 变更申请中).
 */
export const CHANGE_KINDS = [
  'budget_adjustment',
  'extension',
  'pi_change',
  'institution_change',
  'team_change',
  'objectives_change',
  'termination_request',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_KIND_LABELS: Record<ChangeKind, Bilingual> = {
  budget_adjustment: { zh: '预算调剂', en: 'Budget adjustment' },
  extension: { zh: '延期', en: 'Extension' },
  pi_change: { zh: '项目负责人变更', en: 'Change of PI' },
  institution_change: { zh: '依托单位变更', en: 'Change of host institution' },
  team_change: { zh: '项目组成员变更', en: 'Team change' },
  objectives_change: { zh: '研究目标或技术路线变更', en: 'Change of objectives or technical route' },
  termination_request: { zh: '终止申请', en: 'Termination request' },
};

/**
 * Major changes need the competent authority (RULES §8): PI, host unit, objectives or route, the
 * period, termination. By default they take a second staff approval by another person (four eyes).
 */
export const MAJOR_CHANGE_KINDS: readonly ChangeKind[] = [
  'pi_change',
  'institution_change',
  'objectives_change',
  'extension',
  'termination_request',
];

/**
 * Who decides, in order: the host institution consents (for a change of host, the new host too),
 * an officer decides, a second one confirms.
 */
export const CHANGE_STEPS = ['institution', 'new_institution', 'officer', 'second_officer'] as const;
export type ChangeStep = (typeof CHANGE_STEPS)[number];
export const CHANGE_STEP_LABELS: Record<ChangeStep, Bilingual> = {
  institution: { zh: '依托单位意见', en: 'Host institution’s consent' },
  new_institution: { zh: '新依托单位意见', en: 'New host institution’s consent' },
  officer: { zh: '项目管理人员审批', en: 'Officer’s decision' },
  second_officer: { zh: '第二人复核', en: 'Second approval (four eyes)' },
};

export const CHANGE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];
export const CHANGE_STATUS_LABELS: Record<ChangeStatus, Bilingual> = {
  pending: { zh: '审批中', en: 'Pending' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '未批准', en: 'Rejected' },
};

/** How a program routes change requests (the template's optional `changes`, RULES §8 defaults). */
export interface ChangePolicy {
  /** Kinds that need a second staff approval by another person. */
  fourEyes: readonly ChangeKind[];
  /** Kinds the host institution consents to before the bureau decides (budget: see changeSteps). */
  institutionConsent: readonly ChangeKind[];
  /** An extension is asked at least this long before the end (RULES §8: 3 months). */
  extensionLeadTime: string;
  /** Extensions together move the end by at most this (RULES §8: 1 year). */
  extensionMaxLength: string;
  /** Extensions a project may have (RULES §8: normally once). */
  extensionsAllowed: number;
  /** 包干制 (RULES §12.4): no category approvals for a budget adjustment; the pledge stays. */
  lumpSum: boolean;
}

export const DEFAULT_CHANGE_POLICY: ChangePolicy = {
  fourEyes: MAJOR_CHANGE_KINDS,
  institutionConsent: CHANGE_KINDS.filter((k) => k !== 'budget_adjustment'),
  extensionLeadTime: 'P3M',
  extensionMaxLength: 'P1Y',
  extensionsAllowed: 1,
  lumpSum: false,
};

/** The template's change options over the defaults (stored templates may have none). */
export function changePolicyOf(
  template: {
    changes?: Partial<Omit<ChangePolicy, 'lumpSum'>>;
    funding?: { lumpSum?: boolean };
  } | null,
): ChangePolicy {
  const c = template?.changes ?? {};
  return {
    fourEyes: c.fourEyes ?? DEFAULT_CHANGE_POLICY.fourEyes,
    institutionConsent: c.institutionConsent ?? DEFAULT_CHANGE_POLICY.institutionConsent,
    extensionLeadTime: c.extensionLeadTime ?? DEFAULT_CHANGE_POLICY.extensionLeadTime,
    extensionMaxLength: c.extensionMaxLength ?? DEFAULT_CHANGE_POLICY.extensionMaxLength,
    extensionsAllowed: c.extensionsAllowed ?? DEFAULT_CHANGE_POLICY.extensionsAllowed,
    lumpSum: template?.funding?.lumpSum ?? false,
  };
}

/**
 * The approval chain of a request. A budget adjustment follows 国办发〔2021〕32号 (RULES §8): the
 * PI adjusts business and labour costs alone (recorded, effective at once), a change of equipment
 * costs needs the host institution; under 包干制 no category needs an approval (RULES §12.4). Other
 * kinds: the host institution where the program says, then an officer, then a second one for
 * four-eyes kinds. A change of host always takes the new host's consent too (a project cannot be
 * put on an institution that has not agreed to carry it), before the bureau decides.
 */
export function changeSteps(
  kind: ChangeKind,
  policy: ChangePolicy,
  budget?: { equipmentChanged: boolean },
): ChangeStep[] {
  if (kind === 'budget_adjustment') return !policy.lumpSum && budget?.equipmentChanged ? ['institution'] : [];
  return [
    ...(policy.institutionConsent.includes(kind) ? (['institution'] as const) : []),
    ...(kind === 'institution_change' ? (['new_institution'] as const) : []),
    'officer',
    ...(policy.fourEyes.includes(kind) ? (['second_officer'] as const) : []),
  ];
}

// ---- deciding -----------------------------------------------------------------------------------

/** A pending request as its workflow keeps it. */
export interface PendingChange {
  status: ChangeStatus;
  steps: readonly ChangeStep[];
  /** Who decided each step so far, in order. */
  deciders: readonly string[];
  /** A change of host: the institution that consents at the `new_institution` step. */
  newInstitutionId?: string;
}

export interface ChangeDecider {
  id: string;
  roles: readonly string[];
  institutionId: string | null;
}

/** The step a request waits for: the first of its chain not decided yet; null once it is decided. */
export function changeAwaiting(change: {
  status: ChangeStatus;
  steps: readonly ChangeStep[];
  decided: number;
}): ChangeStep | null {
  return change.status === 'pending' ? (change.steps[change.decided] ?? null) : null;
}

/**
 * The decider fits the step the request waits for: the host institution's admin, the new host's
 * admin (a change of host), then staff, then staff other than the first approver (four eyes). The
 * PI never decides their own request.
 */
export function assertMayDecideChange(
  change: PendingChange,
  project: { institutionId: string; piId: string },
  actor: ChangeDecider,
): ChangeStep {
  if (change.status !== 'pending')
    throw new DomainError('invalid_state', {
      zh: `该变更申请${CHANGE_STATUS_LABELS[change.status].zh}，不能再审批`,
      en: `This change request is ${CHANGE_STATUS_LABELS[change.status].en.toLowerCase()}; it cannot be decided again`,
    });
  const step = changeAwaiting({ ...change, decided: change.deciders.length })!;
  const awaiting = CHANGE_STEP_LABELS[step];
  const staff = actor.roles.includes('officer') || actor.roles.includes('admin');
  const fits =
    actor.id !== project.piId &&
    (step === 'institution'
      ? actor.roles.includes('institution_admin') && actor.institutionId === project.institutionId
      : step === 'new_institution'
        ? actor.roles.includes('institution_admin') &&
          actor.institutionId !== null &&
          actor.institutionId === change.newInstitutionId
        : staff);
  if (!fits)
    throw new DomainError('invalid_state', {
      zh: `该变更申请正待${awaiting.zh}`,
      en: `This change request awaits the ${awaiting.en.charAt(0).toLowerCase()}${awaiting.en.slice(1)}`,
    });
  if (step === 'second_officer' && change.deciders.includes(actor.id))
    throw new DomainError('rule_refused', {
      zh: '重大变更须由另一名工作人员复核（双人审批），审批人不能复核自己的决定',
      en: 'A major change needs a second approval by another person (four eyes); the first approver cannot give it',
    });
  return step;
}

/** After one more approval: true when it was the last step. */
export function isLastStep(change: PendingChange): boolean {
  return change.deciders.length + 1 >= change.steps.length;
}

// ---- extension (延期) ----------------------------------------------------------------------------

/** `date` − `iso`, by the calendar in UTC as addDuration adds it (for naming the last day to ask). */
export function subtractDuration(date: Date, iso: string): Date {
  const d = parseIsoDuration(iso);
  const out = new Date(date.getTime());
  const months = d.years * 12 + d.months;
  if (months) {
    const index = out.getUTCFullYear() * 12 + out.getUTCMonth() - months;
    const year = Math.floor(index / 12);
    const month = index - year * 12;
    const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    out.setUTCFullYear(year, month, Math.min(out.getUTCDate(), last));
  }
  const exact = ((d.weeks * 7 + d.days) * 24 * 3600 + d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
  return new Date(out.getTime() - exact);
}

/**
 * An extension (RULES §8): asked at least the lead time before the end (3 months), normally once,
 * all extensions together at most the maximum (1 year) past the original end. Answers the new end.
 */
export function assertExtensionAllowed(x: {
  at: number;
  endsAt: string;
  originalEndsAt: string;
  extendBy: string;
  extensionsSoFar: number;
  policy: ChangePolicy;
}): string {
  const { policy } = x;
  if (x.extensionsSoFar >= policy.extensionsAllowed)
    throw new DomainError('rule_refused', {
      zh: `延期原则上只能申请 ${policy.extensionsAllowed} 次，本项目已延期 ${x.extensionsSoFar} 次`,
      en: `A project may be extended ${policy.extensionsAllowed} time(s); this one has been extended ${x.extensionsSoFar} time(s)`,
    });
  const end = new Date(x.endsAt);
  if (addDuration(new Date(x.at), policy.extensionLeadTime).getTime() > end.getTime()) {
    const endOn = shanghaiDate(end);
    const latestOn = shanghaiDate(subtractDuration(end, policy.extensionLeadTime));
    const askedOn = shanghaiDate(x.at);
    throw new DomainError('rule_refused', {
      zh: `延期须在项目结束前至少 ${policy.extensionLeadTime} 申请：项目于 ${endOn} 结束，最迟应于 ${latestOn} 申请，本次申请日期为 ${askedOn}`,
      en: `An extension must be asked at least ${policy.extensionLeadTime} before the end: the project ends on ${endOn}, the last day to ask was ${latestOn}, and this request is dated ${askedOn}`,
    });
  }
  const newEnd = addDuration(end, x.extendBy);
  const maxEnd = addDuration(new Date(x.originalEndsAt), policy.extensionMaxLength);
  if (newEnd.getTime() > maxEnd.getTime())
    throw new DomainError('rule_refused', {
      zh: `延期累计不得超过 ${policy.extensionMaxLength}：原定 ${shanghaiDate(x.originalEndsAt)} 结束，最迟延至 ${shanghaiDate(maxEnd)}，申请延至 ${shanghaiDate(newEnd)}`,
      en: `Extensions may add at most ${policy.extensionMaxLength}: the original end is ${shanghaiDate(x.originalEndsAt)}, the latest end ${shanghaiDate(maxEnd)}, and the request asks for ${shanghaiDate(newEnd)}`,
    });
  return newEnd.toISOString();
}

/**
 * Progress reports an extension adds: each cadence step from the start that falls in the added
 * time (from the old end, now inside the term, to just before the new end), numbered on.
 */
export function reportsAddedByExtension(x: {
  startsAt: string;
  reportCadence: string;
  oldEndsAt: string;
  newEndsAt: string;
  lastSeq: number;
}): Array<{ seq: number; dueAt: string }> {
  const start = new Date(x.startsAt);
  const cadence = parseIsoDuration(x.reportCadence);
  const oldEnd = new Date(x.oldEndsAt).getTime();
  const newEnd = new Date(x.newEndsAt).getTime();
  const out: Array<{ seq: number; dueAt: string }> = [];
  // Counted from the start (as projectSchedule counts), so month ends do not drift; a term has at
  // most MAX_SCHEDULED_REPORTS reports, as the schedule it extends.
  for (let k = 1; x.lastSeq + out.length < MAX_SCHEDULED_REPORTS; k++) {
    const times = (n: number) => n * k;
    const due = addDuration(
      start,
      `P${times(cadence.years)}Y${times(cadence.months)}M${times(cadence.weeks)}W${times(cadence.days)}DT${times(cadence.hours)}H${times(cadence.minutes)}M${times(cadence.seconds)}S`,
    ).getTime();
    if (due >= newEnd) break;
    if (due >= oldEnd) out.push({ seq: x.lastSeq + out.length + 1, dueAt: new Date(due).toISOString() });
  }
  return out;
}

// ---- budget adjustment (预算调剂) ----------------------------------------------------------------

/** A budget by category (RULES §8: 设备费 / 业务费 / 劳务费, and 间接费用), integer fen. */
export interface BudgetByCategory {
  equipmentFen: number;
  businessFen: number;
  labourFen: number;
  indirectFen: number;
}

export const directFen = (b: BudgetByCategory) => b.equipmentFen + b.businessFen + b.labourFen;

/**
 * Uses the funds may never go to, 包干制 included (RULES §12.4: the prohibited-use checks stay;
 * 国办发〔2021〕32号 and the city's fund rules) [T]: named in a request's reason, it is refused.
 */
export const PROHIBITED_USES: readonly Bilingual[] = [
  { zh: '偿还债务', en: 'repaying debts' },
  { zh: '支付罚款', en: 'paying fines' },
  { zh: '捐赠', en: 'donations' },
  { zh: '赞助', en: 'sponsorship' },
  { zh: '对外投资', en: 'investments' },
  { zh: '基本建设', en: 'capital construction' },
];

/**
 * A budget adjustment by 国办发〔2021〕32号 (RULES §8): direct costs stay within their total (the
 * PI moves business and labour costs; equipment is the host institution's), indirect costs are
 * never raised; something must change. Under 包干制 the PI's pledge is renewed with it (RULES
 * §12.4). Answers whether equipment costs change (the host institution then consents).
 */
export function assertBudgetAdjustment(x: {
  current: BudgetByCategory;
  proposed: BudgetByCategory;
  lumpSum: boolean;
  pledge: boolean;
  reason: string;
}): { equipmentChanged: boolean } {
  const { current, proposed } = x;
  if (x.lumpSum && !x.pledge) {
    const message = {
      zh: '包干制项目调整经费须由项目负责人重申承诺：遵守科研伦理和诚信要求，经费全部用于与项目研究相关的支出',
      en: 'Under lump-sum funding the PI renews the pledge with an adjustment: ethics and integrity, all funds spent on the project',
    };
    throw new DomainError('validation_failed', message, [{ path: 'pledge', message }]);
  }
  const prohibited = PROHIBITED_USES.filter((u) => x.reason.includes(u.zh));
  if (prohibited.length) {
    const message = {
      zh: `科研经费不得用于${prohibited.map((u) => u.zh).join('、')}`,
      en: `Research funds may not be used for ${prohibited.map((u) => u.en).join(', ')}`,
    };
    throw new DomainError('rule_refused', message, [{ path: 'reason', message }]);
  }
  if (proposed.indirectFen > current.indirectFen) {
    const message = {
      zh: `间接费用不得调增：现为 ${formatYuan(current.indirectFen)}，申请调为 ${formatYuan(proposed.indirectFen)}`,
      en: `Indirect costs cannot be raised: they are ${formatYuan(current.indirectFen)}, the request asks for ${formatYuan(proposed.indirectFen)}`,
    };
    throw new DomainError('rule_refused', message, [{ path: 'budget.indirectFen', message }]);
  }
  if (directFen(proposed) > directFen(current)) {
    const message = {
      zh: `预算调剂须在直接费用总额内进行：直接费用现为 ${formatYuan(directFen(current))}，调剂后为 ${formatYuan(directFen(proposed))}`,
      en: `An adjustment stays within total direct costs: they are ${formatYuan(directFen(current))}, the request comes to ${formatYuan(directFen(proposed))}`,
    };
    throw new DomainError('rule_refused', message, [{ path: 'budget', message }]);
  }
  const same =
    proposed.equipmentFen === current.equipmentFen &&
    proposed.businessFen === current.businessFen &&
    proposed.labourFen === current.labourFen &&
    proposed.indirectFen === current.indirectFen;
  if (same) {
    const message = {
      zh: '调剂后的预算与现预算相同',
      en: 'The adjusted budget is the same as the current one',
    };
    throw new DomainError('validation_failed', message, [{ path: 'budget', message }]);
  }
  return { equipmentChanged: proposed.equipmentFen !== current.equipmentFen };
}

// ---- change of PI ---------------------------------------------------------------------------------

/**
 * What the gates of a change of PI or host are decided on, read when the change is asked for and
 * again at each approval (a credit record or another project may have come since).
 */
export interface ChangeGateFacts {
  /** The credit gate's answer (checkEligibility) for the new PI or host; null: no such subject. */
  credit: { pass: boolean; reasons: readonly Bilingual[] } | null;
  /** 限项 of a new PI: their ongoing projects of the program, and overdue unaccepted ones. */
  ongoingInProgram: readonly string[];
  overdue: readonly string[];
}

/** The changes whose new holder must pass the gates of the formal check, and its field. */
export function gatedSubjectOf(
  kind: ChangeKind,
  detail: { newPiId?: unknown; newInstitutionId?: unknown },
): { type: 'person' | 'institution'; id: string } | null {
  if (kind === 'pi_change' && typeof detail.newPiId === 'string')
    return { type: 'person', id: detail.newPiId };
  if (kind === 'institution_change' && typeof detail.newInstitutionId === 'string')
    return { type: 'institution', id: detail.newInstitutionId };
  return null;
}

/**
 * The new PI passes the gates of the formal check (RULES §3, §4): the credit gate (level and
 * bans), and 限项: no other ongoing project of the program, no overdue unaccepted project.
 */
export function assertNewPiEligible(x: {
  currentPiId: string;
  newPiId: string;
  credit: { pass: boolean; reasons: readonly Bilingual[] } | null;
  ongoingInProgram: readonly string[];
  overdue: readonly string[];
}): void {
  if (x.newPiId === x.currentPiId) {
    const message = { zh: '新负责人与现负责人相同', en: 'The new PI is the current PI' };
    throw new DomainError('validation_failed', message, [{ path: 'newPiId', message }]);
  }
  if (!x.credit) {
    const message = { zh: '新负责人不是本系统的用户', en: 'The new PI is not a user of this system' };
    throw new DomainError('validation_failed', message, [{ path: 'newPiId', message }]);
  }
  if (!x.credit.pass) {
    const message = {
      zh: `新负责人未通过信用审查：${x.credit.reasons.map((r) => r.zh).join('；')}`,
      en: `The new PI does not pass the credit check: ${x.credit.reasons.map((r) => r.en).join('; ')}`,
    };
    throw new DomainError('credit_barred', message, [{ path: 'newPiId', message }]);
  }
  const reasons: Bilingual[] = [];
  if (x.ongoingInProgram.length)
    reasons.push({
      zh: `新负责人正主持本计划在研项目：${x.ongoingInProgram.join('、')}`,
      en: `The new PI leads an ongoing project of this program: ${x.ongoingInProgram.join(', ')}`,
    });
  if (x.overdue.length)
    reasons.push({
      zh: `新负责人有逾期未验收项目：${x.overdue.join('、')}`,
      en: `The new PI has an overdue project not yet accepted: ${x.overdue.join(', ')}`,
    });
  if (reasons.length) {
    const message = {
      zh: `新负责人超出限项规定：${reasons.map((r) => r.zh).join('；')}`,
      en: `The new PI is over the project limit: ${reasons.map((r) => r.en).join('; ')}`,
    };
    throw new DomainError('rule_refused', message, [{ path: 'newPiId', message }]);
  }
}

/**
 * Change requests are asked for and decided only while the project is in execution (执行中 or
 * 限期整改): once it has ended (terminated, revoked, accepted, closed) a request is refused, and a
 * request still pending is no longer decided (its approval would change an ended project). The
 * refusal names the project's status.
 */
export function assertTakesChanges(status: string | undefined): void {
  if (status === 'ongoing' || status === 'rectifying') return;
  const label = PROJECT_STATUS_LABELS[status as ProjectStatus];
  throw new DomainError(
    'invalid_state',
    label
      ? {
          zh: `项目${label.zh}，执行已结束，不再受理或审批变更申请`,
          en: `The project is ${label.en.toLowerCase()}; its execution has ended and change requests are no longer taken or decided`,
        }
      : {
          zh: '项目不在执行中，不能申请或审批变更',
          en: 'The project is not in execution; no change can be asked for or decided',
        },
  );
}

/**
 * The new host institution (变更承担单位) passes the institution credit gate of the formal check
 * (RULES §3, §4: level and bans); it is another, registered institution.
 */
export function assertNewHostEligible(x: {
  currentInstitutionId: string;
  newInstitutionId: string;
  credit: { pass: boolean; reasons: readonly Bilingual[] } | null;
}): void {
  const refuse = (code: 'validation_failed' | 'credit_barred', message: Bilingual): never => {
    throw new DomainError(code, message, [{ path: 'newInstitutionId', message }]);
  };
  if (x.newInstitutionId === x.currentInstitutionId)
    refuse('validation_failed', {
      zh: '新依托单位与现依托单位相同',
      en: 'The new host institution is the current one',
    });
  if (!x.credit)
    refuse('validation_failed', {
      zh: '新依托单位未在本系统登记',
      en: 'The new host institution is not registered here',
    });
  if (!x.credit!.pass)
    refuse('credit_barred', {
      zh: `新依托单位未通过信用审查：${x.credit!.reasons.map((r) => r.zh).join('；')}`,
      en: `The new host institution does not pass the credit check: ${x.credit!.reasons.map((r) => r.en).join('; ')}`,
    });
}

/**
 * The gate of a change of PI or host on the facts read now (at the request and at each approval).
 */
export function assertChangeGates(
  kind: ChangeKind,
  project: { piId: string; institutionId: string },
  subjectId: string,
  facts: ChangeGateFacts,
): void {
  if (kind === 'pi_change') assertNewPiEligible({ currentPiId: project.piId, newPiId: subjectId, ...facts });
  else if (kind === 'institution_change')
    assertNewHostEligible({
      currentInstitutionId: project.institutionId,
      newInstitutionId: subjectId,
      credit: facts.credit,
    });
}

/**
 * A project without a running workflow takes no change: an ended one says why (its status); one
 * registered from the bureau's earlier records is not run here.
 */
export function assertChangesRunHere(status: string | undefined): never {
  assertTakesChanges(status);
  throw new DomainError('invalid_state', {
    zh: '该项目不在系统中执行（既往登记或已结束），不能办理变更',
    en: 'This project is not run here (an earlier record, or finished); it takes no change requests',
  });
}

/** A change is asked for on a project in execution (not finished, not under another of its kind). */
export function assertChangeable(x: {
  status: string | undefined;
  kind: ChangeKind;
  pendingKinds: readonly ChangeKind[];
}): void {
  assertTakesChanges(x.status);
  if (x.pendingKinds.includes(x.kind))
    throw new DomainError('conflict', {
      zh: `已有一项${CHANGE_KIND_LABELS[x.kind].zh}申请在审批中`,
      en: `A ${CHANGE_KIND_LABELS[x.kind].en.toLowerCase()} request is already pending`,
    });
}

// ---- what an approved change writes into the agreement ------------------------------------------

/**
 * The agreement's terms an approved change replaces (the new version's changes over the latest):
 * the budget by category, the end, the PI, the host institution, the team, the objectives or
 * route, the termination.
 */
export function agreementChangesOf(
  kind: ChangeKind,
  detail: Record<string, unknown>,
  at: string,
): Record<string, unknown> {
  switch (kind) {
    case 'budget_adjustment':
      return { budgetByCategory: detail.budget };
    case 'extension':
      return { endsAt: detail.newEndsAt };
    case 'pi_change':
      return { piId: detail.newPiId };
    case 'institution_change':
      return { institutionId: detail.newInstitutionId };
    case 'team_change':
      return { team: detail.team };
    case 'objectives_change':
      return {
        ...(detail.objectives !== undefined ? { objectives: detail.objectives } : {}),
        ...(detail.technicalRoute !== undefined ? { technicalRoute: detail.technicalRoute } : {}),
      };
    case 'termination_request':
      return { terminatedAt: at };
  }
}

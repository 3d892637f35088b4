import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';
import type { paths } from '../schema';
import { useCommand, type CommandInit } from './command';
import type { Body, Ok } from './ok';
import { page } from './ok';

// The officer's execution pages (issue 18): agreements and their installments, the portfolio of
// projects in execution, misconduct cases and the credit ledger. Every key starts with 'execution',
// so a command refreshes what the pages show of it.

export type AgreementItem = Ok<'/agreements', 'get'>['items'][number];
export type AgreementStatus = AgreementItem['status'];
export type AgreementDetail = Ok<'/agreements/{id}', 'get'>;
export type Installment = AgreementDetail['installments'][number];
export type PortfolioProject = Ok<'/projects', 'get'>['items'][number];
export type ProjectFilter = Omit<
  NonNullable<paths['/projects']['get']['parameters']['query']>,
  'limit' | 'next'
>;
export type PortfolioRollup = Ok<'/projects/rollup', 'get'>;
export type ProjectReport = Ok<'/projects/{id}/reports', 'get'>['items'][number];
export type ProjectChange = Ok<'/projects/{id}/changes', 'get'>['items'][number];
export type Midterm = Ok<'/projects/{id}/midterm', 'get'>;
export type Acceptance = Ok<'/projects/{id}/acceptance', 'get'>;
export type CaseItem = Ok<'/misconduct-cases', 'get'>['items'][number];
export type CaseStatus = CaseItem['status'];
export type CaseDetail = Ok<'/misconduct-cases/{id}', 'get'>;
export type LedgerItem = Ok<'/credit-records', 'get'>['items'][number];
export type LedgerFilter = Pick<
  NonNullable<paths['/credit-records']['get']['parameters']['query']>,
  'subjectType' | 'kind'
>;
export type FindingBody = Body<'/misconduct-cases/{id}/finding', 'post'>;
export type ReviewBody = Body<'/misconduct-cases/{id}/review', 'post'>;
export type ReportDecisionBody = Body<'/projects/{id}/reports/{seq}/decision', 'post'>;
export type ChangeDecisionBody = Body<'/projects/{id}/changes/{changeId}/decision', 'post'>;
export type MidtermReviewBody = Body<'/projects/{id}/midterm/review', 'post'>;
export type MidtermDecisionBody = Body<'/projects/{id}/midterm/decision', 'post'>;
export type AcceptanceCheckBody = Body<'/projects/{id}/acceptance/check', 'post'>;
export type AcceptanceReviewBody = Body<'/projects/{id}/acceptance/review', 'post'>;
export type AcceptanceDecisionBody = Body<'/projects/{id}/acceptance/decision', 'post'>;
export type ObjectionAnswerBody = Body<'/projects/{id}/acceptance/objections/{objectionId}/answer', 'post'>;

/** Lists paged on the server (CursorTable), each with its filters in the query. */
export const executionLists = {
  agreements: (status: AgreementStatus | undefined) => (next?: string) =>
    unwrap(api.GET('/agreements', { params: { query: { ...(status ? { status } : {}), ...page(next) } } })),
  projects: (filter: ProjectFilter) => (next?: string) =>
    unwrap(api.GET('/projects', { params: { query: { ...filter, ...page(next) } } })),
  cases: (status: CaseStatus | undefined) => (next?: string) =>
    unwrap(
      api.GET('/misconduct-cases', { params: { query: { ...(status ? { status } : {}), ...page(next) } } }),
    ),
  ledger: (filter: LedgerFilter) => (next?: string) =>
    unwrap(api.GET('/credit-records', { params: { query: { ...filter, ...page(next) } } })),
};

export function useAgreement(id: string) {
  return useQuery({
    queryKey: ['execution', 'agreement', id],
    queryFn: () => unwrap(api.GET('/agreements/{id}', { params: { path: { id } } })),
  });
}

export function usePortfolioRollup(by: 'keyField' | 'county') {
  return useQuery({
    queryKey: ['execution', 'rollup', by],
    queryFn: () => unwrap(api.GET('/projects/rollup', { params: { query: { by } } })),
  });
}

/** One project and what its stages show (reports, changes, mid-term check, acceptance). */
export function useProjectExecution(id: string) {
  const path = { params: { path: { id } } };
  const list = { params: { path: { id }, query: { limit: 50 } } };
  return {
    project: useQuery({
      queryKey: ['execution', 'project', id],
      queryFn: () => unwrap(api.GET('/projects/{id}', path)),
    }),
    reports: useQuery({
      queryKey: ['execution', 'project', id, 'reports'],
      queryFn: () => unwrap(api.GET('/projects/{id}/reports', list)),
    }),
    changes: useQuery({
      queryKey: ['execution', 'project', id, 'changes'],
      queryFn: () => unwrap(api.GET('/projects/{id}/changes', list)),
    }),
    // A program without a mid-term check (or an acceptance not yet open) answers an error: shown as none.
    midterm: useQuery({
      queryKey: ['execution', 'project', id, 'midterm'],
      queryFn: () => unwrap(api.GET('/projects/{id}/midterm', path)),
      retry: false,
    }),
    acceptance: useQuery({
      queryKey: ['execution', 'project', id, 'acceptance'],
      queryFn: () => unwrap(api.GET('/projects/{id}/acceptance', path)),
      retry: false,
    }),
  };
}

export function useCase(id: string) {
  return useQuery({
    queryKey: ['execution', 'case', id],
    queryFn: () => unwrap(api.GET('/misconduct-cases/{id}', { params: { path: { id } } })),
  });
}

/**
 * A command with its Idempotency-Key; on success every execution page's data is read again (and
 * the inbox, which it may empty).
 */
function useExecutionCommand<V>(fn: (v: V, init: CommandInit) => Promise<unknown>) {
  return useCommand(fn, [['execution'], ['inbox']]);
}

/** The bureau's steps on an agreement: its signature, milestone checks, approving and paying installments. */
export function useAgreementActions(id: string) {
  return {
    sign: useExecutionCommand((_: void, init) =>
      unwrap(api.POST('/agreements/{id}/signatures', { params: { path: { id } }, body: {}, ...init })),
    ),
    checkMilestone: useExecutionCommand(
      (v: { n: number; outcome: 'passed' | 'failed'; opinion: string }, init) =>
        unwrap(
          api.POST('/agreements/{id}/milestones/{n}/check', {
            params: { path: { id, n: v.n } },
            body: { outcome: v.outcome, opinion: v.opinion },
            ...init,
          }),
        ),
    ),
    approve: useExecutionCommand((seq: number, init) =>
      unwrap(
        api.POST('/agreements/{id}/installments/{seq}/approval', { params: { path: { id, seq } }, ...init }),
      ),
    ),
    pay: useExecutionCommand((seq: number, init) =>
      unwrap(
        api.POST('/agreements/{id}/installments/{seq}/payment', { params: { path: { id, seq } }, ...init }),
      ),
    ),
  };
}

/** The staff's steps on a case: accept or dismiss, extend once, the finding, the review after an appeal. */
export function useCaseActions(id: string) {
  const path = { params: { path: { id } } };
  return {
    decide: useExecutionCommand((body: Body<'/misconduct-cases/{id}/decision', 'post'>, init) =>
      unwrap(api.POST('/misconduct-cases/{id}/decision', { ...path, body, ...init })),
    ),
    extend: useExecutionCommand((body: Body<'/misconduct-cases/{id}/extension', 'post'>, init) =>
      unwrap(api.POST('/misconduct-cases/{id}/extension', { ...path, body, ...init })),
    ),
    find: useExecutionCommand((body: FindingBody, init) =>
      unwrap(api.POST('/misconduct-cases/{id}/finding', { ...path, body, ...init })),
    ),
    review: useExecutionCommand((body: ReviewBody, init) =>
      unwrap(api.POST('/misconduct-cases/{id}/review', { ...path, body, ...init })),
    ),
  };
}

/**
 * The bureau's decisions on a project (issue 18): a confirmed progress report accepted or returned,
 * a change request approved or rejected (a major change by a second officer), the mid-term check's
 * review, panel and decision, and acceptance's formal check, review, panel, verdict and answers
 * to objections. The API refuses a step the state does not wait for, naming it.
 */
export function useProjectDecisions(id: string) {
  const path = { params: { path: { id } } };
  return {
    decideReport: useExecutionCommand((v: { seq: number; body: ReportDecisionBody }, init) =>
      unwrap(
        api.POST('/projects/{id}/reports/{seq}/decision', {
          params: { path: { id, seq: v.seq } },
          body: v.body,
          ...init,
        }),
      ),
    ),
    decideChange: useExecutionCommand((v: { changeId: string; body: ChangeDecisionBody }, init) =>
      unwrap(
        api.POST('/projects/{id}/changes/{changeId}/decision', {
          params: { path: { id, changeId: v.changeId } },
          body: v.body,
          ...init,
        }),
      ),
    ),
    reviewMidterm: useExecutionCommand((body: MidtermReviewBody, init) =>
      unwrap(api.POST('/projects/{id}/midterm/review', { ...path, body, ...init })),
    ),
    conveneMidterm: useExecutionCommand((_: void, init) =>
      unwrap(api.POST('/projects/{id}/midterm/panel', { ...path, body: {}, ...init })),
    ),
    decideMidterm: useExecutionCommand((body: MidtermDecisionBody, init) =>
      unwrap(api.POST('/projects/{id}/midterm/decision', { ...path, body, ...init })),
    ),
    checkAcceptance: useExecutionCommand((body: AcceptanceCheckBody, init) =>
      unwrap(api.POST('/projects/{id}/acceptance/check', { ...path, body, ...init })),
    ),
    reviewAcceptance: useExecutionCommand((body: AcceptanceReviewBody, init) =>
      unwrap(api.POST('/projects/{id}/acceptance/review', { ...path, body, ...init })),
    ),
    conveneAcceptance: useExecutionCommand((_: void, init) =>
      unwrap(api.POST('/projects/{id}/acceptance/panel', { ...path, body: {}, ...init })),
    ),
    // 要求回避 on the panel of either stage: a member is required to step aside, with the reason.
    requirePanelRecusal: useExecutionCommand(
      (v: { stage: 'midterm' | 'acceptance'; memberId: string; reason: string }, init) => {
        const request = {
          params: { path: { id, memberId: v.memberId } },
          body: { reason: v.reason },
          ...init,
        };
        return unwrap<unknown>(
          v.stage === 'acceptance'
            ? api.POST('/projects/{id}/acceptance/panel/members/{memberId}/recusal', request)
            : api.POST('/projects/{id}/midterm/panel/members/{memberId}/recusal', request),
        );
      },
    ),
    decideAcceptance: useExecutionCommand((body: AcceptanceDecisionBody, init) =>
      unwrap(api.POST('/projects/{id}/acceptance/decision', { ...path, body, ...init })),
    ),
    answerObjection: useExecutionCommand((v: { objectionId: string; body: ObjectionAnswerBody }, init) =>
      unwrap(
        api.POST('/projects/{id}/acceptance/objections/{objectionId}/answer', {
          params: { path: { id, objectionId: v.objectionId } },
          body: v.body,
          ...init,
        }),
      ),
    ),
  };
}

import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';
import type { Ok } from '../client';
import { useCommand } from './command';
import type { Body } from './ok';

export type CallView = Ok<'/calls/{id}', 'get'>;
export type CallApplication = Ok<'/calls/{id}/applications', 'get'>['items'][number];
export type Checklist = Ok<'/applications/{id}/checklist', 'get'>;
export type BatchResult = Ok<'/calls/{id}/formal-check/decisions', 'post'>['results'][number];
export type RoundView = Ok<'/review-rounds/{id}', 'get'>;
export type RoundResult = Ok<'/review-rounds/{id}/results', 'get'>['results'][number];
export type Replay = Ok<'/review-rounds/{id}/replay', 'get'>;
export type AwardView = Ok<'/awards/{id}', 'get'>;
export type AwardObjection = Ok<'/awards/{id}/objections', 'get'>['items'][number];
export type FormalCheckBody = Body<'/calls/{id}/formal-check/decisions', 'post'>;
export type RoundBody = Body<'/calls/{id}/review-rounds', 'post'>;
export type AwardProposalBody = Body<'/calls/{id}/awards', 'post'>;
export type AwardDecisionBody = Body<'/awards/{id}/approval', 'post'>;
export type ObjectionOutcome = Body<'/awards/{id}/objections/{objectionId}/decision', 'post'>;
export type PanelDecisionBody = Body<'/review-rounds/{id}/panels/{applicationId}', 'post'>;

export function useCall(id: string) {
  return useQuery({
    queryKey: ['call', id],
    queryFn: () => unwrap(api.GET('/calls/{id}', { params: { path: { id } } })),
  });
}

/** The call's applications, a page at a time, filtered by status on the server. */
export const callApplications = (id: string, status?: CallApplication['status']) => (next?: string) =>
  unwrap(
    api.GET('/calls/{id}/applications', {
      params: {
        path: { id },
        query: { limit: 20, ...(status ? { status } : {}), ...(next ? { next } : {}) },
      },
    }),
  );

export function useChecklist(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['checklist', id],
    queryFn: () => unwrap(api.GET('/applications/{id}/checklist', { params: { path: { id } } })),
    enabled,
  });
}

/** The round; polled while experts are still answering or scoring, so the page follows the draw. */
export function useRound(id: string) {
  return useQuery({
    queryKey: ['round', id],
    queryFn: () => unwrap(api.GET('/review-rounds/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === 'scored' ? false : 3000),
  });
}

export function useRoundResults(id: string, budgetFen: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['round', id, 'results', budgetFen ?? null],
    queryFn: () =>
      unwrap(
        api.GET('/review-rounds/{id}/results', {
          params: { path: { id }, query: budgetFen !== undefined ? { budgetFen } : {} },
        }),
      ),
    enabled,
  });
}

export function useAwardNext(callId: string, roundId: string) {
  return useQuery({
    queryKey: ['award-next', callId, roundId],
    queryFn: () =>
      unwrap(api.GET('/calls/{id}/awards/next', { params: { path: { id: callId }, query: { roundId } } })),
    enabled: Boolean(roundId),
  });
}

/** The award; polled until it is final, so the approval and the notice show as they happen. */
export function useAward(id: string) {
  return useQuery({
    queryKey: ['award', id],
    queryFn: () => unwrap(api.GET('/awards/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === 'final' ? false : 3000),
  });
}

export const awardObjections = (id: string) => (next?: string) =>
  unwrap(
    api.GET('/awards/{id}/objections', {
      params: { path: { id }, query: { limit: 20, ...(next ? { next } : {}) } },
    }),
  );

// The officer's commands on a call and its award, each with its Idempotency-Key (see useCommand).

/** The call's formal-check decisions and its passed list (the list of applications is read again). */
export function useCallActions(id: string) {
  const path = { params: { path: { id } } };
  return {
    decide: useCommand(
      (body: FormalCheckBody, init) =>
        unwrap(api.POST('/calls/{id}/formal-check/decisions', { ...path, body, ...init })),
      [['officer', 'call-applications', id]],
    ),
    publishPassedList: useCommand(
      (_: void, init) => unwrap(api.POST('/calls/{id}/passed-list', { ...path, ...init })),
      [['call', id]],
    ),
    startRound: useCommand(
      (body: RoundBody, init) => unwrap(api.POST('/calls/{id}/review-rounds', { ...path, body, ...init })),
      [],
    ),
    proposeAward: useCommand(
      (body: AwardProposalBody, init) => unwrap(api.POST('/calls/{id}/awards', { ...path, body, ...init })),
      [['award-next', id]],
    ),
  };
}

/** 会评: the panel's outcome on an application the experts disagreed on; the round's results are read again. */
export function useRecordPanel(roundId: string) {
  return useCommand(
    (v: { applicationId: string; body: PanelDecisionBody }, init) =>
      unwrap(
        api.POST('/review-rounds/{id}/panels/{applicationId}', {
          params: { path: { id: roundId, applicationId: v.applicationId } },
          body: v.body,
          ...init,
        }),
      ),
    [['round', roundId]],
  );
}

/** 要求回避: the officer requires an invitation's expert to step aside; the round is read again. */
export function useRequireRecusal(roundId: string) {
  return useCommand(
    (v: { assignmentId: string; reason: string }, init) =>
      unwrap(
        api.POST('/review-rounds/{id}/invitations/{assignmentId}/recusal', {
          params: { path: { id: roundId, assignmentId: v.assignmentId } },
          body: { reason: v.reason },
          ...init,
        }),
      ),
    [['round', roundId]],
  );
}

/** Approving (or returning) an award and answering its objections; the award is read again. */
export function useAwardActions(id: string) {
  return {
    decide: useCommand(
      (body: AwardDecisionBody, init) =>
        unwrap(api.POST('/awards/{id}/approval', { params: { path: { id } }, body, ...init })),
      [['award', id]],
    ),
    answerObjection: useCommand(
      (v: { objectionId: string; body: ObjectionOutcome }, init) =>
        unwrap(
          api.POST('/awards/{id}/objections/{objectionId}/decision', {
            params: { path: { id, objectionId: v.objectionId } },
            body: v.body,
            ...init,
          }),
        ),
      [['award', id]],
    ),
  };
}

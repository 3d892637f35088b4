import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';
import { useCommand, type CommandInit } from './command';
import type { Ok } from './ok';
import { page } from './ok';

export type InstitutionApplication = Ok<'/applications/institution', 'get'>['items'][number];
export type ApplicationDetail = Ok<'/applications/{id}', 'get'>;
export type InstitutionProject = Ok<'/projects/mine', 'get'>['items'][number];
export type ApplicationStatus = InstitutionApplication['status'];

export const institutionLists = {
  /** The host institution's applications, of one status when given (the endorsement queue). */
  applications: (status: ApplicationStatus | undefined) => (next?: string) =>
    unwrap(
      api.GET('/applications/institution', {
        params: { query: { ...(status ? { status } : {}), as: 'host', ...page(next) } },
      }),
    ),
  projects: (next?: string) => unwrap(api.GET('/projects/mine', { params: { query: page(next) } })),
};

export function useApplication(id: string) {
  return useQuery({
    queryKey: ['institution', 'application', id],
    queryFn: () => unwrap(api.GET('/applications/{id}', { params: { path: { id } } })),
  });
}

export function useProject(id: string) {
  return useQuery({
    queryKey: ['institution', 'project', id],
    queryFn: () => unwrap(api.GET('/projects/{id}', { params: { path: { id } } })),
  });
}

/** A command with its Idempotency-Key; on success the institution's pages and the inbox are read again. */
function useInstitutionMutation<V>(fn: (v: V, init: CommandInit) => Promise<unknown>) {
  return useCommand(fn, [['institution'], ['inbox']]);
}

export function useEndorsementActions(id: string) {
  const path = { params: { path: { id } } };
  return {
    decide: useInstitutionMutation((body: { decision: 'endorse' | 'return'; comments?: string }, init) =>
      unwrap(api.POST('/applications/{id}/endorsement', { ...path, body, ...init })),
    ),
    signPledge: useInstitutionMutation((_: void, init) =>
      unwrap(api.POST('/applications/{id}/integrity-pledge', { ...path, ...init })),
    ),
  };
}

/** The host institution's confirmations of a project's execution steps (issue 19's inbox kinds). */
export type HostStep = 'report' | 'change' | 'midterm' | 'acceptance';

export function useHostActions(projectId: string) {
  const id = projectId;
  return {
    confirmReport: useInstitutionMutation((seq: number, init) =>
      unwrap(
        api.POST('/projects/{id}/reports/{seq}/confirmation', { params: { path: { id, seq } }, ...init }),
      ),
    ),
    decideChange: useInstitutionMutation(
      (v: { changeId: string; decision: 'approve' | 'reject'; comment?: string }, init) =>
        unwrap(
          api.POST('/projects/{id}/changes/{changeId}/decision', {
            params: { path: { id, changeId: v.changeId } },
            body: { decision: v.decision, ...(v.comment ? { comment: v.comment } : {}) },
            ...init,
          }),
        ),
    ),
    confirmMidterm: useInstitutionMutation((opinion: string, init) =>
      unwrap(
        api.POST('/projects/{id}/midterm/confirmation', {
          params: { path: { id } },
          body: { opinion },
          ...init,
        }),
      ),
    ),
    confirmAcceptance: useInstitutionMutation((opinion: string, init) =>
      unwrap(
        api.POST('/projects/{id}/acceptance/confirmation', {
          params: { path: { id } },
          body: { opinion },
          ...init,
        }),
      ),
    ),
  };
}

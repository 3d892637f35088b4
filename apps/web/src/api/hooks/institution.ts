import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../client';
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

function useInstitutionMutation<V>(fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['institution'] });
      void qc.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
}

export function useEndorsementActions(id: string) {
  const path = { params: { path: { id } } };
  return {
    decide: useInstitutionMutation((body: { decision: 'endorse' | 'return'; comments?: string }) =>
      unwrap(api.POST('/applications/{id}/endorsement', { ...path, body })),
    ),
    signPledge: useInstitutionMutation(() => unwrap(api.POST('/applications/{id}/integrity-pledge', path))),
  };
}

/** The host institution's confirmations of a project's execution steps (issue 19's inbox kinds). */
export type HostStep = 'report' | 'change' | 'midterm' | 'acceptance';

export function useHostActions(projectId: string) {
  const id = projectId;
  return {
    confirmReport: useInstitutionMutation((seq: number) =>
      unwrap(api.POST('/projects/{id}/reports/{seq}/confirmation', { params: { path: { id, seq } } })),
    ),
    decideChange: useInstitutionMutation(
      (v: { changeId: string; decision: 'approve' | 'reject'; comment?: string }) =>
        unwrap(
          api.POST('/projects/{id}/changes/{changeId}/decision', {
            params: { path: { id, changeId: v.changeId } },
            body: { decision: v.decision, ...(v.comment ? { comment: v.comment } : {}) },
          }),
        ),
    ),
    confirmMidterm: useInstitutionMutation((opinion: string) =>
      unwrap(
        api.POST('/projects/{id}/midterm/confirmation', { params: { path: { id } }, body: { opinion } }),
      ),
    ),
    confirmAcceptance: useInstitutionMutation((opinion: string) =>
      unwrap(
        api.POST('/projects/{id}/acceptance/confirmation', { params: { path: { id } }, body: { opinion } }),
      ),
    ),
  };
}

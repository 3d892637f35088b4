import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, unwrap } from '../client';
import type { Ok } from '../client';
import { useCommand } from './command';
import type { Body } from './ok';
import { page } from './ok';

// The officer's intake: demand screening (需求征集), guide drafting and approval (申报指南), and the
// answers to objections against an award notice (异议处理).

export type Campaign = Ok<'/demand-campaigns', 'get'>['items'][number];
export type CampaignDemand = Ok<'/demand-campaigns/{id}/demands', 'get'>['items'][number];
export type DemandDetail = Ok<'/demands/{id}', 'get'>;
export type SimilarDemand = Ok<'/demands/{id}/similar', 'get'>['items'][number];
export type Guide = Ok<'/guides/{id}', 'get'>;
export type Topic = Ok<'/topics', 'get'>['items'][number];

export const campaignsPage = (next?: string) =>
  unwrap(api.GET('/demand-campaigns', { params: { query: page(next) } }));

export function useCampaign(id: string) {
  return useQuery({
    queryKey: ['campaign', id],
    queryFn: () => unwrap(api.GET('/demand-campaigns/{id}', { params: { path: { id } } })),
  });
}

/** A campaign's demands, a page at a time, filtered by status on the server. */
export const campaignDemands = (id: string, status?: CampaignDemand['status']) => (next?: string) =>
  unwrap(
    api.GET('/demand-campaigns/{id}/demands', {
      params: { path: { id }, query: { ...page(next), ...(status ? { status } : {}) } },
    }),
  );

export function useDemand(id: string) {
  return useQuery({
    queryKey: ['demand', id],
    queryFn: () => unwrap(api.GET('/demands/{id}', { params: { path: { id } } })),
  });
}

export const similarDemands = (id: string) => (next?: string) =>
  unwrap(api.GET('/demands/{id}/similar', { params: { path: { id }, query: page(next) } }));

export const guidesPage = (next?: string) => unwrap(api.GET('/guides', { params: { query: page(next) } }));

export function useGuide(id: string, enabled = true) {
  return useQuery({
    queryKey: ['guide', id],
    queryFn: () => unwrap(api.GET('/guides/{id}', { params: { path: { id } } })),
    enabled,
  });
}

/** The published versions of a guide (the public page's history), once it has been published. */
export function usePublishedVersions(id: string, published: boolean) {
  return useQuery({
    queryKey: ['public', 'guide', id],
    queryFn: () => unwrap(api.GET('/public/guides/{id}', { params: { path: { id } } })),
    enabled: published,
  });
}

/** Program templates for a new guide (a handful: one page of the server's list is all of them). */
export function useTemplates() {
  return useQuery({
    queryKey: ['program-templates', 'all'],
    queryFn: () => unwrap(api.GET('/program-templates', { params: { query: { limit: 100 } } })),
  });
}

/** Topics and challenges, newest first, read a page more each time the picker scrolls to its end. */
export function useTopicPages() {
  return useInfiniteQuery({
    queryKey: ['topics', 'pages'],
    queryFn: ({ pageParam }) => unwrap(api.GET('/topics', { params: { query: page(pageParam) } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

/** The topics a guide names, each read by its id (a guide names a few). */
export function useTopics(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['topic', id],
      queryFn: () => unwrap(api.GET('/topics/{id}', { params: { path: { id } } })),
      staleTime: 60_000,
    })),
  });
}

export type DemandBody = Body<'/demands', 'post'>;
export type GuideDraftBody = Body<'/guides', 'post'>;
export type GuidePatch = Body<'/guides/{id}', 'patch'>;
export type GuideDecision = Body<'/guides/{id}/approval', 'post'>;
export type GuideCorrection = Body<'/guides/{id}/corrections', 'post'>;

/**
 * The officer's commands on guides, each with its Idempotency-Key: a new draft, an edit of the
 * draft at the version it was read at (If-Match), its submission, an approval step and a
 * correction of the published text. The page keeps the answered guide itself; the guides list
 * and the public pages are read again.
 */
export function useGuideCommands() {
  const refresh = [
    ['intake', 'guides'],
    ['public', 'guide'],
  ];
  const path = (id: string) => ({ params: { path: { id } } });
  return {
    create: useCommand(
      (body: GuideDraftBody, init) => unwrap(api.POST('/guides', { body, ...init })),
      refresh,
    ),
    edit: useCommand(
      (v: { id: string; version: number; patch: GuidePatch }, init) =>
        unwrap(
          api.PATCH('/guides/{id}', {
            params: { path: { id: v.id }, header: { 'if-match': `"${v.version}"` } },
            body: v.patch,
            ...init,
          }),
        ),
      refresh,
    ),
    submit: useCommand(
      (id: string, init) => unwrap(api.POST('/guides/{id}/submit', { ...path(id), ...init })),
      refresh,
    ),
    decide: useCommand(
      (v: { id: string; body: GuideDecision }, init) =>
        unwrap(api.POST('/guides/{id}/approval', { ...path(v.id), body: v.body, ...init })),
      refresh,
    ),
    correct: useCommand(
      (v: { id: string; body: GuideCorrection }, init) =>
        unwrap(api.POST('/guides/{id}/corrections', { ...path(v.id), body: v.body, ...init })),
      refresh,
    ),
  };
}
export type ScreeningBody = Body<'/demands/{id}/screening', 'post'>;

/** The officer's screening of a demand (with its Idempotency-Key); the intake lists are read again. */
export function useScreenDemand(id: string) {
  return useCommand(
    (body: ScreeningBody, init) =>
      unwrap(api.POST('/demands/{id}/screening', { params: { path: { id } }, body, ...init })),
    [['intake']],
  );
}

/**
 * An applicant's demand saved as a draft and submitted, each request with its Idempotency-Key.
 * When the submission fails after the draft was saved, the next attempt submits that draft
 * (edited to the form's values if they changed) instead of saving another one.
 */
export function useSubmitDemand() {
  const create = useCommand((body: DemandBody, init) => unwrap(api.POST('/demands', { body, ...init })), []);
  const edit = useCommand(
    (v: { id: string; body: Omit<DemandBody, 'campaignId'> }, init) =>
      unwrap(api.PATCH('/demands/{id}', { params: { path: { id: v.id } }, body: v.body as never, ...init })),
    [],
  );
  const submit = useCommand(
    (id: string, init) => unwrap(api.POST('/demands/{id}/submit', { params: { path: { id } }, ...init })),
    [['work']],
  );
  const draft = useRef<{ id: string; campaignId: string; body: string } | null>(null);
  return {
    send: async (values: DemandBody) => {
      const { campaignId, ...body } = values;
      const text = JSON.stringify(body);
      if (draft.current?.campaignId !== campaignId) {
        draft.current = { id: (await create.mutateAsync(values)).id, campaignId, body: text };
      } else if (draft.current.body !== text) {
        await edit.mutateAsync({ id: draft.current.id, body });
        draft.current.body = text;
      }
      await submit.mutateAsync(draft.current.id);
      draft.current = null;
    },
  };
}

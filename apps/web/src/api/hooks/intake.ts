import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';
import type { Ok } from '../client';
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

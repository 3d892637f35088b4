import { api, unwrap } from '../client';
import type { Ok } from '../client';
import type { paths } from '../schema';

export type ApplicationView = Ok<'/applications/{id}', 'get'>;
export type ApplicationListItem = Ok<'/applications/mine', 'get'>['items'][number];
export type ApplicationContent = ApplicationView['content'];
export type SubmitResult = Ok<'/applications/{id}/submit', 'post'>;
export type ProjectItem = Ok<'/projects/mine', 'get'>['items'][number];
export type DemandItem = Ok<'/demands/mine', 'get'>['items'][number];
export type ReviewItem = Ok<'/reviews/mine', 'get'>['items'][number];
export type PanelReviewItem = Ok<'/panel-reviews/mine', 'get'>['items'][number];
export type CallItem = Ok<'/calls', 'get'>['items'][number];
/** The calls list's server-side filters (GET /calls). */
export type CallFilter = Omit<NonNullable<paths['/calls']['get']['parameters']['query']>, 'limit' | 'next'>;
export type GuideItem = Ok<'/guides', 'get'>['items'][number];
export type TemplateItem = Ok<'/program-templates', 'get'>['items'][number];
export type EventItem = Ok<'/events', 'get'>['items'][number];

const page = (next?: string) => ({ query: { limit: 20, ...(next ? { next } : {}) } });

/** The lists the role homes show, a page at a time (the API pages with a cursor). */
export const lists = {
  myApplications: (next?: string) => unwrap(api.GET('/applications/mine', { params: page(next) })),
  myProjects: (next?: string) => unwrap(api.GET('/projects/mine', { params: page(next) })),
  myDemands: (next?: string) => unwrap(api.GET('/demands/mine', { params: page(next) })),
  institutionApplications: (next?: string) =>
    unwrap(api.GET('/applications/institution', { params: page(next) })),
  myReviews: (next?: string) => unwrap(api.GET('/reviews/mine', { params: page(next) })),
  myPanelReviews: (next?: string) => unwrap(api.GET('/panel-reviews/mine', { params: page(next) })),
  calls: (filter: CallFilter, next?: string) =>
    unwrap(api.GET('/calls', { params: { query: { ...page(next).query, ...filter } } })),
  guides: (next?: string) => unwrap(api.GET('/guides', { params: page(next) })),
  templates: (next?: string) => unwrap(api.GET('/program-templates', { params: page(next) })),
  events: (next?: string) => unwrap(api.GET('/events', { params: page(next) })),
};

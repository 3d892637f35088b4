import { api, ApiError, tokenStore, unwrap } from '../client';
import type { paths } from '../schema';
import { saveBlob } from '../../lib/save-blob';
import { useCommand } from './command';

/** The audit trail's server-side filters (GET /events and GET /events/export.xlsx). */
export type EventFilter = NonNullable<paths['/events/export.xlsx']['get']['parameters']['query']>;

export const auditor = {
  events: (filter: EventFilter, next?: string) =>
    unwrap(api.GET('/events', { params: { query: { limit: 20, ...filter, ...(next ? { next } : {}) } } })),
};

/**
 * Downloads the filtered trail as .xlsx. A plain link cannot carry the bearer token, so the file is
 * fetched and handed to the browser as a blob.
 */
export async function downloadEventsXlsx(filter: EventFilter): Promise<void> {
  const query = new URLSearchParams(
    Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
  const response = await fetch(`/events/export.xlsx?${query}`, {
    headers: { authorization: `Bearer ${tokenStore.get() ?? ''}` },
  });
  if (!response.ok) throw ApiError.from(response.status, await response.json().catch(() => null));
  saveBlob(await response.blob(), 'events.xlsx');
}

type TemplateDetail = NonNullable<
  paths['/program-templates/{code}']['get']['responses'][200]['content']['application/json']
>;
export type { TemplateDetail };

export const templates = {
  get: (code: string) => unwrap(api.GET('/program-templates/{code}', { params: { path: { code } } })),
};

/**
 * Saves a template as a new version (with its Idempotency-Key); the API validates the whole
 * template and names every field at fault. On success the template and the templates list are read again.
 */
export function useSaveTemplate(code: string) {
  return useCommand(
    (template: Record<string, unknown>, init) =>
      unwrap(api.POST('/program-templates', { body: template as never, ...init })),
    [
      ['admin', 'template', code],
      ['work', 'templates'],
    ],
  );
}

export const charts = {
  rollup: (by: 'indicator' | 'field' | 'county') =>
    unwrap(api.GET('/outcomes/rollup', { params: { query: { by } } })),
};

/** The users list's server-side filters (GET /users). */
export type UserFilter = Omit<NonNullable<paths['/users']['get']['parameters']['query']>, 'limit' | 'next'>;
export type UserItem =
  paths['/users']['get']['responses'][200]['content']['application/json']['items'][number];
export type UserRole = UserItem['roles'][number];

export const users = {
  list: (filter: UserFilter, next?: string) =>
    unwrap(api.GET('/users', { params: { query: { limit: 20, ...filter, ...(next ? { next } : {}) } } })),
};

/**
 * Sets a user's whole role set (with its Idempotency-Key); the API refuses an empty one and an
 * admin dropping their own admin role. On success the users list is read again.
 */
export function useSetRoles() {
  return useCommand(
    (v: { id: string; roles: UserRole[] }, init) =>
      unwrap(
        api.PUT('/users/{id}/roles', { params: { path: { id: v.id } }, body: { roles: v.roles }, ...init }),
      ),
    [['admin', 'users']],
  );
}

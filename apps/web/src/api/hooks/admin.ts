import { api, ApiError, tokenStore, unwrap } from '../client';
import type { paths } from '../schema';

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
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = 'events.xlsx';
  a.click();
  URL.revokeObjectURL(url);
}

type TemplateDetail = NonNullable<
  paths['/program-templates/{code}']['get']['responses'][200]['content']['application/json']
>;
export type { TemplateDetail };

export const templates = {
  get: (code: string) => unwrap(api.GET('/program-templates/{code}', { params: { path: { code } } })),
  /** Saves a new version; the API validates the whole template and names every field at fault. */
  save: (template: Record<string, unknown>) =>
    unwrap(api.POST('/program-templates', { body: template as never })),
};

export const charts = {
  rollup: (by: 'indicator' | 'field' | 'county') =>
    unwrap(api.GET('/outcomes/rollup', { params: { query: { by } } })),
};

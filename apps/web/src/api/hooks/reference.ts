import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';
import type { Lang } from '../../i18n';
import type { paths } from '../schema';

export type Reference = paths['/reference']['get']['responses'][200]['content']['application/json'];

/**
 * The domain's lists (key fields, counties, indirect-cost tiers, event subject types, program-template
 * values), from `GET /reference`: one source with the server's rules. They change only with a deploy.
 */
export function useReference() {
  return useQuery({
    queryKey: ['reference'],
    queryFn: () => unwrap(api.GET('/reference')),
    staleTime: Infinity,
  });
}

/** A key field's name in the user's language (the code itself until the list has loaded, or if it is gone). */
export function useKeyFieldLabel(): (code: string, lang: Lang) => string {
  const fields = useReference().data?.keyFields;
  return (code, lang) => {
    const f = fields?.find((k) => k.code === code);
    return f ? f[lang] : code;
  };
}

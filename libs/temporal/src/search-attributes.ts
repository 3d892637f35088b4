import { SEARCH_ATTRIBUTES } from '@kjflow/domain';

export { KjCallId, KjMode, KjStage, SEARCH_ATTRIBUTES } from '@kjflow/domain';

/** `Name=Type` pairs for `temporal server start-dev --search-attribute`. */
export function searchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTES.map((k) => `${k.name}=Keyword`);
}

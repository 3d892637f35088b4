/**
 * The custom Temporal search attributes, as plain typed keys (`{ name, type }` is all a
 * SearchAttributeKey is). One list drives the dev server's `--search-attribute` flags, the test
 * environment, the client's start options and the workflows' upserts.
 */
export const KjStage = { name: 'KjStage', type: 'KEYWORD' } as const;
export const KjCallId = { name: 'KjCallId', type: 'KEYWORD' } as const;
export const KjMode = { name: 'KjMode', type: 'KEYWORD' } as const;

export const SEARCH_ATTRIBUTES = [KjStage, KjCallId, KjMode] as const;

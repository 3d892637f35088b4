import { KjCallId, KjMode, KjStage, SEARCH_ATTRIBUTES } from './search-attributes';

describe('search attributes', () => {
  it('lists the stage, call id and mode keys', () => {
    expect(SEARCH_ATTRIBUTES).toEqual([KjStage, KjCallId, KjMode]);
    expect(SEARCH_ATTRIBUTES.map((a) => a.name)).toEqual(['KjStage', 'KjCallId', 'KjMode']);
  });

  it('are all keywords with unique names', () => {
    expect(SEARCH_ATTRIBUTES.every((a) => a.type === 'KEYWORD')).toBe(true);
    expect(new Set(SEARCH_ATTRIBUTES.map((a) => a.name)).size).toBe(SEARCH_ATTRIBUTES.length);
  });
});

import {
  COUNTIES,
  CREDIT_LEVELS,
  DEFAULT_INDIRECT_TIERS,
  DURATION_KEYS,
  KEY_FIELDS,
  MODES,
  REGIONS,
  RELEASE_EVENTS,
  OUTCOME_DETAIL_FIELDS,
  OUTCOME_TYPE_LABELS,
  OUTCOME_TYPES,
  STAGES,
  SUBJECT_TYPES,
} from '@kjflow/domain';
import { request, type Ok } from './support/api';

// The portal takes the domain's lists from GET /reference instead of copying them.
describe('GET /reference', () => {
  it('answers without a login with the domain’s own lists, cacheable until the next deploy', async () => {
    const res = await request<Ok<'get', '/reference'>>('GET', '/reference');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(res.body).toEqual({
      keyFields: KEY_FIELDS,
      counties: COUNTIES,
      indirectTiers: DEFAULT_INDIRECT_TIERS,
      outcomeTypes: OUTCOME_TYPES.map((code) => ({
        code,
        ...OUTCOME_TYPE_LABELS[code],
        fields: OUTCOME_DETAIL_FIELDS[code],
      })),
      eventSubjectTypes: SUBJECT_TYPES,
      programTemplate: {
        modes: MODES,
        stages: STAGES,
        durations: DURATION_KEYS,
        creditLevels: CREDIT_LEVELS,
        regions: REGIONS,
        releaseConditions: RELEASE_EVENTS,
      },
    });
    // The tiers end unbounded: JSON keeps the null (not an omitted key or a huge number).
    expect(res.body.indirectTiers.at(-1)).toEqual({ uptoFen: null, percent: 20 });
    expect(res.body.programTemplate.durations).toContain('applicationWindow');
    expect(res.body.outcomeTypes.find((o) => o.code === 'technology_contract')).toMatchObject({
      zh: '技术合同',
      fields: [
        { name: 'amountFen', kind: 'yuan' },
        { name: 'counterparty', kind: 'text' },
      ],
    });
  });
});

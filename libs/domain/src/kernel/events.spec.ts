import { domainEventViewSchema, SUBJECT_TYPES, subjectTypeSchema } from './events';

const event = {
  id: '3f1c2b9e-8d4a-4c1e-9b7f-2a6d5e4c3b21',
  sequence: '9007199254740993',
  type: 'application.submitted',
  subjectType: 'application',
  subjectId: '5d2e1f0a-1b2c-4d3e-8f4a-5b6c7d8e9f00',
  actorId: null,
  occurredAt: '2026-11-30T10:00:00.000Z',
  occurredAtLocal: '2026-11-30T18:00:00+08:00',
  payload: { version: 3 },
};

describe('subject types', () => {
  it('name every aggregate that emits events, each once', () => {
    expect(SUBJECT_TYPES).toEqual(
      expect.arrayContaining([
        'call',
        'application',
        'demand_campaign',
        'demand',
        'topic',
        'guide',
        'program_template',
        'project',
        'review_round',
        'review_assignment',
      ]),
    );
    expect(new Set(SUBJECT_TYPES).size).toBe(SUBJECT_TYPES.length);
    expect(subjectTypeSchema.safeParse('invoice').success).toBe(false);
  });
});

describe('domainEventViewSchema', () => {
  it('accepts an event with a bigint sequence carried as a string and a system actor (null)', () => {
    expect(domainEventViewSchema.parse(event)).toEqual(event);
  });

  it('refuses a numeric sequence, which would lose precision beyond 2^53', () => {
    expect(domainEventViewSchema.safeParse({ ...event, sequence: 42 }).success).toBe(false);
  });

  it('refuses an unknown subject type and a non-object payload', () => {
    expect(domainEventViewSchema.safeParse({ ...event, subjectType: 'budget' }).success).toBe(false);
    expect(domainEventViewSchema.safeParse({ ...event, payload: 'x' }).success).toBe(false);
  });
});

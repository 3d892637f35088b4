import { randomUUID } from 'node:crypto';
import {
  assertBidNamesChallenge,
  assertCallReferences,
  assertDeadlineAhead,
  assertKnownDocument,
  assertMayPublishPassedList,
  assertPledgeForSubmission,
  assertSubmittedVersion,
  assertTopicOfCall,
  pledgePartyOf,
} from './application-commands';
import type { Actor } from '../kernel/roles';
import { caught, HAN } from '../kernel/spec-helpers';

const PI = randomUUID();
const INSTITUTION = randomUUID();
const app = { applicantId: PI, institutionId: INSTITUTION };
const actor = (a: Partial<Actor>): Actor => ({
  id: randomUUID(),
  roles: ['applicant'],
  institutionId: null,
  ...a,
});

describe('pledgePartyOf', () => {
  it('the PI signs for themself, the host institution’s admin for the institution', () => {
    expect(pledgePartyOf(actor({ id: PI }), app)).toBe('pi');
    expect(pledgePartyOf(actor({ roles: ['institution_admin'], institutionId: INSTITUTION }), app)).toBe(
      'institution',
    );
  });

  it('nobody else signs: another applicant, another institution, an officer', () => {
    expect(pledgePartyOf(actor({}), app)).toBeNull();
    expect(
      pledgePartyOf(actor({ roles: ['institution_admin'], institutionId: randomUUID() }), app),
    ).toBeNull();
    expect(pledgePartyOf(actor({ roles: ['officer'] }), app)).toBeNull();
  });
});

describe('assertPledgeForSubmission', () => {
  it('accepts a pledge signed before or given with the submission', () => {
    expect(() => assertPledgeForSubmission(true, undefined)).not.toThrow();
    expect(() => assertPledgeForSubmission(false, true)).not.toThrow();
  });

  it('refuses without one, naming integrityPledge in both languages', () => {
    for (const given of [undefined, false]) {
      const e = caught(() => assertPledgeForSubmission(false, given));
      expect(e.code).toBe('validation_failed');
      expect(e.fields.map((f) => f.path)).toEqual(['integrityPledge']);
      expect(e.bilingual.zh).toMatch(HAN);
    }
  });
});

describe('assertBidNamesChallenge / assertTopicOfCall', () => {
  it('a challenge bid names its challenge; other modes need no topic', () => {
    expect(caught(() => assertBidNamesChallenge('challenge', undefined)).fields[0].path).toBe('topicId');
    expect(() => assertBidNamesChallenge('challenge', randomUUID())).not.toThrow();
    expect(() => assertBidNamesChallenge('open_competition', null)).not.toThrow();
  });

  it('a topic outside the call’s guide is a field error at topicId', () => {
    expect(caught(() => assertTopicOfCall(false)).fields[0].path).toBe('topicId');
    expect(() => assertTopicOfCall(true)).not.toThrow();
  });
});

describe('assertMayPublishPassedList', () => {
  it('refuses a withdrawn call only', () => {
    expect(caught(() => assertMayPublishPassedList('withdrawn')).code).toBe('invalid_state');
    for (const s of ['scheduled', 'open', 'closed'] as const)
      expect(() => assertMayPublishPassedList(s)).not.toThrow();
  });
});

describe('assertSubmittedVersion', () => {
  it('names the missing version and the parameter', () => {
    const e = caught(() => assertSubmittedVersion(false, 3, 'to'));
    expect(e.fields[0].path).toBe('to');
    expect(e.bilingual.en).toBe('There is no submitted version 3');
  });
});

describe('assertDeadlineAhead', () => {
  it('refuses a deadline at or before now, at windowEnd', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(caught(() => assertDeadlineAhead('2026-06-01T00:00:00Z', now)).fields[0].path).toBe('windowEnd');
    expect(() => assertDeadlineAhead('2026-06-01T00:00:01Z', now)).not.toThrow();
  });
});

describe('assertCallReferences', () => {
  it('names every wrong reference at its field', () => {
    const e = caught(() => assertCallReferences({ mode: 'directed', template: null, topicExists: false }));
    expect(e.fields.map((f) => f.path)).toEqual(['templateCode', 'topicId']);
    const wrongMode = caught(() =>
      assertCallReferences({ mode: 'directed', template: { mode: 'challenge' } }),
    );
    expect(wrongMode.fields[0].message.zh).toContain('揭榜挂帅');
  });

  it('accepts no references, or references that fit', () => {
    expect(() => assertCallReferences({ mode: 'open_competition' })).not.toThrow();
    expect(() =>
      assertCallReferences({ mode: 'directed', template: { mode: 'directed' }, topicExists: true }),
    ).not.toThrow();
  });
});

describe('assertKnownDocument', () => {
  it('lists the accepted codes when refusing', () => {
    const e = caught(() => assertKnownDocument('cv', ['budget', 'other']));
    expect(e.fields[0].path).toBe('document');
    expect(e.bilingual.en).toContain('budget, other');
    expect(() => assertKnownDocument('other', ['budget', 'other'])).not.toThrow();
  });
});

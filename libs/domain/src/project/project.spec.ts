import { assertKnownSubjects } from './project';
import { caught } from '../kernel/spec-helpers';

describe('assertKnownSubjects', () => {
  it('passes when the PI and the institution exist, else names each unknown one', () => {
    expect(() => assertKnownSubjects([])).not.toThrow();
    const e = caught(() => assertKnownSubjects(['piId', 'institutionId']));
    expect(e.code).toBe('validation_failed');
    expect(e.fields.map((f) => f.path)).toEqual(['piId', 'institutionId']);
    expect(e.bilingual).toEqual({ zh: '主体不存在', en: 'Unknown subject' });
  });
});

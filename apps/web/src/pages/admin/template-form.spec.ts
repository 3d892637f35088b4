import { mergeTemplate } from './template-form';

describe('mergeTemplate', () => {
  it('keeps the fields the form does not show and replaces edited lists', () => {
    const base = {
      code: 'key-rd',
      source: { document: '002', line: 51 },
      durations: { applicationWindow: 'P30D', reportGrace: 'P1M' },
      rubric: {
        criteria: [
          { key: 'a', weight: 50 },
          { key: 'b', weight: 50 },
        ],
        blind: true,
      },
    };
    const edited = {
      durations: { applicationWindow: 'P45D' },
      rubric: { criteria: [{ key: 'a', weight: 100 }] },
    };
    expect(mergeTemplate(base, edited)).toEqual({
      code: 'key-rd',
      source: { document: '002', line: 51 },
      durations: { applicationWindow: 'P45D', reportGrace: 'P1M' },
      rubric: { criteria: [{ key: 'a', weight: 100 }], blind: true },
    });
  });
});

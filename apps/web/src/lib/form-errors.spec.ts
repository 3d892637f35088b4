import type { FormInstance } from 'antd';

// The client module reads window at load (its base URL); only its error class is needed here.
jest.mock('../api/client', () => {
  class ApiError extends Error {
    constructor(
      readonly status: number,
      readonly code: string,
      readonly bilingual: { zh: string; en: string },
      readonly fields: { path: string; message: { zh: string; en: string } }[],
    ) {
      super(bilingual.en);
    }
  }
  return { ApiError };
});

import { ApiError } from '../api/client';
import { applyApiErrors } from './form-errors';

/** A form rendering the fields named (as antd name paths joined by dots), recording what is set on them. */
function formWith(...rendered: string[]) {
  const set: { name: (string | number)[]; errors: string[] }[] = [];
  const form = {
    getFieldInstance: (name: (string | number)[]) => (rendered.includes(name.join('.')) ? {} : undefined),
    setFields: (fields: typeof set) => set.push(...fields),
  } as unknown as FormInstance;
  return { form, set };
}

const refusal = (...paths: string[]) =>
  new ApiError(
    422,
    'rule_refused',
    { zh: '专家组成不符合要求', en: 'The experts named cannot confirm' },
    paths.map((path) => ({ path, message: { zh: `${path} 有误`, en: `${path} is wrong` } })),
  );

describe('applyApiErrors', () => {
  it('puts an item’s message on the input that holds the list (a multiple select), each once', () => {
    const { form, set } = formWith('experts', 'opinion');
    expect(applyApiErrors(form, refusal('experts', 'experts.2', 'opinion'), 'zh')).toEqual([]);
    expect(set).toEqual([
      { name: ['experts'], errors: ['experts 有误', 'experts.2 有误'] },
      { name: ['opinion'], errors: ['opinion 有误'] },
    ]);
  });

  it('keeps a row’s own field, and sends what no field shows to the alert with the summary', () => {
    const { form, set } = formWith('spending.1.spentFen');
    expect(applyApiErrors(form, refusal('spending.1.spentFen', 'rules.risk_flagged'), 'en')).toEqual([
      'The experts named cannot confirm',
      'rules.risk_flagged: rules.risk_flagged is wrong',
    ]);
    expect(set).toEqual([{ name: ['spending', 1, 'spentFen'], errors: ['spending.1.spentFen is wrong'] }]);
  });
});

import { z } from 'zod';
import { caught, HAN } from './spec-helpers';
import { assertKnownParameters, bilingual, fieldMessages, parseOrThrow } from './validation';

const personSchema = z.object({
  name: z.string().trim().min(2),
  age: z.number().int().nonnegative(),
  address: z.object({ city: z.string(), zip: z.string().length(6) }),
  tags: z.array(z.string()).optional(),
});

describe('parseOrThrow', () => {
  it('returns the parsed (transformed) data on success', () => {
    const data = parseOrThrow(personSchema, {
      name: '  张三  ',
      age: 30,
      address: { city: '北京', zip: '100000' },
    });

    expect(data).toEqual({ name: '张三', age: 30, address: { city: '北京', zip: '100000' } });
  });

  it('applies schema defaults to the returned data', () => {
    const schema = z.object({ summary: z.string().default(''), count: z.number().default(0) });
    expect(parseOrThrow(schema, {})).toEqual({ summary: '', count: 0 });
  });

  it('throws a 400 validation_failed DomainError with a bilingual summary', () => {
    const error = caught(() =>
      parseOrThrow(personSchema, { name: 'x', age: 1, address: { city: 'a', zip: '1' } }),
    );

    expect(error.code).toBe('validation_failed');
    expect(error.status).toBe(400);
    expect(error.bilingual).toEqual({
      zh: '请求内容有误，请按字段提示修改',
      en: 'The request is invalid; see the field messages',
    });
  });

  it('names the subject in the Chinese summary when given', () => {
    const error = caught(() => parseOrThrow(z.object({ title: z.string() }), {}, '申报书'));
    expect(error.bilingual.zh).toBe('申报书内容有误，请按字段提示修改');
  });

  it('reports one field message per issue, with dotted paths', () => {
    const error = caught(() =>
      parseOrThrow(personSchema, { name: 'x', age: -1, address: { city: 7, zip: '1' }, tags: ['ok', 3] }),
    );

    expect(error.fields.map((f) => f.path)).toEqual(['name', 'age', 'address.city', 'address.zip', 'tags.1']);
    for (const field of error.fields) {
      expect(field.message.zh).toEqual(expect.any(String));
      expect(field.message.zh.length).toBeGreaterThan(0);
      expect(field.message.en).toEqual(expect.any(String));
      expect(field.message.en.length).toBeGreaterThan(0);
    }
  });

  it('uses the Chinese zod locale for built-in checks and keeps the English message beside it', () => {
    const error = caught(() => parseOrThrow(z.object({ name: z.string().min(2) }), { name: 'x' }));

    expect(error.fields).toHaveLength(1);
    expect(error.fields[0].path).toBe('name');
    expect(error.fields[0].message.zh).toMatch(HAN);
    expect(error.fields[0].message.en).toMatch(/too small/i);
  });

  it('reports a missing field as zh "必填字段" / en "Required"', () => {
    const error = caught(() =>
      parseOrThrow(personSchema, { name: '李四', age: 3, address: { zip: '100000' } }),
    );

    expect(error.fields).toEqual([{ path: 'address.city', message: { zh: '必填字段', en: 'Required' } }]);
  });

  it('does not call a present value of the wrong type "Required"', () => {
    const error = caught(() => parseOrThrow(z.object({ name: z.string() }), { name: 42 }));

    expect(error.fields).toHaveLength(1);
    expect(error.fields[0].message.en).not.toBe('Required');
    expect(error.fields[0].message.zh).not.toBe('必填字段');
    expect(error.fields[0].message.en).toMatch(/expected string/i);
  });

  it('does not call an explicit null "Required"', () => {
    const error = caught(() => parseOrThrow(z.object({ name: z.string() }), { name: null }));

    expect(error.fields[0].message.en).not.toBe('Required');
    expect(error.fields[0].message.en).toMatch(/null/);
  });

  it('uses "(root)" as the path of an issue on the whole value', () => {
    const error = caught(() => parseOrThrow(z.string(), 5));

    expect(error.fields).toHaveLength(1);
    expect(error.fields[0].path).toBe('(root)');
  });

  it('carries the zh text of a custom refinement made with bilingual()', () => {
    const schema = z
      .object({ from: z.number(), to: z.number() })
      .refine(
        (r) => r.to > r.from,
        bilingual({ zh: '结束必须晚于开始', en: 'to must be after from' }, ['to']),
      );

    const error = caught(() => parseOrThrow(schema, { from: 5, to: 5 }));

    expect(error.fields).toEqual([
      { path: 'to', message: { zh: '结束必须晚于开始', en: 'to must be after from' } },
    ]);
  });

  it('puts a bilingual() refinement without a path on "(root)"', () => {
    const schema = z
      .object({ a: z.string().optional() })
      .refine((o) => o.a !== undefined, bilingual({ zh: '至少填写一项', en: 'Fill in at least one' }));

    const error = caught(() => parseOrThrow(schema, {}));

    expect(error.fields).toEqual([
      { path: '(root)', message: { zh: '至少填写一项', en: 'Fill in at least one' } },
    ]);
  });
});

describe('bilingual', () => {
  it('puts the English text in message and the Chinese text in params', () => {
    expect(bilingual({ zh: '中文', en: 'English' })).toEqual({ message: 'English', params: { zh: '中文' } });
  });

  it('includes the path only when given', () => {
    expect(bilingual({ zh: '中文', en: 'English' }, ['a', 0])).toEqual({
      message: 'English',
      params: { zh: '中文' },
      path: ['a', 0],
    });
    expect(bilingual({ zh: '中文', en: 'English' })).not.toHaveProperty('path');
  });
});

describe('fieldMessages', () => {
  it('formats a ZodError the same way parseOrThrow does, telling missing from wrong', () => {
    const schema = z.object({
      title: z.string(),
      name: z.string(),
      mode: z.enum(['a', 'b']),
      n: z.number().refine((v) => v > 0, bilingual({ zh: '必须为正数', en: 'Must be positive' })),
    });
    const input = { n: -1, name: 42 };
    const result = schema.safeParse(input);
    if (result.success) throw new Error('expected a failure');

    const messages = fieldMessages(result.error, input);
    expect(messages.map((m) => m.path)).toEqual(['title', 'name', 'mode', 'n']);
    expect(messages[0].message).toEqual({ zh: '必填字段', en: 'Required' });
    // A wrong type is not "missing".
    expect(messages[1].message.en).toMatch(/expected string, received number/);
    // A missing choice field is "Required", not the list of options.
    expect(messages[2].message).toEqual({ zh: '必填字段', en: 'Required' });
    expect(messages[3].message).toEqual({ zh: '必须为正数', en: 'Must be positive' });
  });
});

describe('assertKnownParameters', () => {
  it('passes defined parameters and names each unknown one in both languages', () => {
    expect(() => assertKnownParameters(['limit'], ['limit', 'after'])).not.toThrow();
    const err = caught(() => assertKnownParameters(['limt', 'after', 'x'], ['limit', 'after']));
    expect(err.code).toBe('validation_failed');
    expect(err.fields.map((f) => f.path)).toEqual(['limt', 'x']);
    expect(err.fields[0].message).toEqual({
      zh: '未知的查询参数“limt”（可用：limit, after）',
      en: 'Unknown query parameter "limt" (accepted: limit, after)',
    });
    expect(caught(() => assertKnownParameters(['q'], [])).fields[0].message.en).toContain('(accepted: —)');
  });
});

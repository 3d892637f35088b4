import {
  COUNTIES,
  countySchema,
  KEY_FIELD_CODES,
  KEY_FIELDS,
  keyFieldLabel,
  keyFieldSchema,
} from './reference-data';
import { caught, HAN } from './spec-helpers';
import { parseOrThrow } from './validation';

describe('KEY_FIELDS', () => {
  it('lists the 10 key fields of the Baise plans with unique codes', () => {
    expect(KEY_FIELDS).toHaveLength(10);
    expect(new Set(KEY_FIELDS.map((f) => f.code)).size).toBe(10);
    expect(KEY_FIELD_CODES).toEqual(KEY_FIELDS.map((f) => f.code));
  });

  it('has unique Chinese names', () => {
    expect(new Set(KEY_FIELDS.map((f) => f.zh)).size).toBe(10);
  });

  it.each(KEY_FIELDS.map((f) => [f.code, f] as const))(
    'names %s with a snake_case code, a Chinese and an English label',
    (_code, field) => {
      expect(field.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(field.zh).toMatch(HAN);
      expect(field.en).toMatch(/^[A-Z]/);
    },
  );

  it('starts with eco-aluminium, the leading industry of Baise', () => {
    expect(KEY_FIELDS[0]).toEqual({ code: 'eco_aluminium', zh: '生态铝', en: 'Eco-aluminium' });
  });
});

describe('COUNTIES', () => {
  it('lists the 12 counties (县、市、区) of Baise, each once, in Chinese', () => {
    expect(COUNTIES).toHaveLength(12);
    expect(new Set(COUNTIES).size).toBe(12);
    for (const county of COUNTIES) expect(county).toMatch(/^\p{Script=Han}+$/u);
  });

  it('uses the current names after the 2019–2020 re-designations', () => {
    expect(COUNTIES).toEqual(expect.arrayContaining(['右江区', '田阳区', '平果市', '靖西市']));
    expect(COUNTIES).not.toContain('田阳县');
    expect(COUNTIES).not.toContain('平果县');
    expect(COUNTIES).not.toContain('靖西县');
  });
});

describe('keyFieldSchema', () => {
  it.each(KEY_FIELD_CODES)('accepts %s', (code) => {
    expect(keyFieldSchema.parse(code)).toBe(code);
  });

  it.each([
    ['the Chinese label', '生态铝'],
    ['the English label', 'Eco-aluminium'],
    ['a code in another case', 'ECO_ALUMINIUM'],
    ['an empty string', ''],
    ['an unknown code', 'aerospace'],
  ])('refuses %s', (_label, value) => {
    expect(keyFieldSchema.safeParse(value).success).toBe(false);
  });

  it('explains the refusal in Chinese and English', () => {
    const error = caught(() => parseOrThrow(keyFieldSchema, 'aerospace'));

    expect(error.code).toBe('validation_failed');
    expect(error.fields).toHaveLength(1);
    expect(error.fields[0].path).toBe('(root)');
    expect(error.fields[0].message.zh).toMatch(HAN);
    expect(error.fields[0].message.en).toContain('eco_aluminium');
  });
});

describe('countySchema', () => {
  it.each(COUNTIES)('accepts %s', (county) => {
    expect(countySchema.parse(county)).toBe(county);
  });

  it.each([
    ['the city itself', '百色市'],
    ['a county outside Baise', '武鸣区'],
    ['a former name', '田阳县'],
    ['a name with surrounding spaces', ' 右江区 '],
    ['pinyin', 'Youjiang'],
  ])('refuses %s', (_label, value) => {
    expect(countySchema.safeParse(value).success).toBe(false);
  });
});

describe('keyFieldLabel', () => {
  it('gives the bilingual label of a code, without the code', () => {
    expect(keyFieldLabel('biopharma')).toEqual({ zh: '生物制药', en: 'Biopharmaceuticals' });
    expect(keyFieldLabel('health_culture_tourism')).toEqual({
      zh: '大健康和文旅',
      en: 'Health, culture and tourism',
    });
  });

  it.each(KEY_FIELDS.map((f) => [f.code, f] as const))('labels %s from the data file', (code, field) => {
    expect(keyFieldLabel(code)).toEqual({ zh: field.zh, en: field.en });
  });

  it.each(['', 'aerospace', '生物制药', 'Biopharma'])('returns undefined for %p', (code) => {
    expect(keyFieldLabel(code)).toBeUndefined();
  });
});

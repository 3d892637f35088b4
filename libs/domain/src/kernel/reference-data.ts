import { z } from 'zod';
import countiesData from './data/counties.json';
import keyFieldsData from './data/key-fields.json';

/**
 * Reference data of the Baise plans, as data files (a new field or county is a data change):
 * the 10 key fields (seed 002 line 51) and the 12 counties (seed 000 line 30).
 */
export const KEY_FIELDS = keyFieldsData.fields;
export const KEY_FIELD_CODES = KEY_FIELDS.map((f) => f.code) as [string, ...string[]];
export const keyFieldSchema = z.enum(KEY_FIELD_CODES).describe('One of the 10 key fields (重点产业领域)');
export type KeyField = z.infer<typeof keyFieldSchema>;

export const COUNTIES = countiesData.counties as [string, ...string[]];
export const countySchema = z.enum(COUNTIES).describe('One of the 12 counties (县、市、区) of Baise');

export function keyFieldLabel(code: string): { zh: string; en: string } | undefined {
  const f = KEY_FIELDS.find((x) => x.code === code);
  return f && { zh: f.zh, en: f.en };
}

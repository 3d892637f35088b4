// The Baise reference data, read from the same data files the API validates against (one source).
import counties from '../../../../libs/domain/src/kernel/data/counties.json';
import keyFields from '../../../../libs/domain/src/kernel/data/key-fields.json';

export const KEY_FIELDS: { code: string; zh: string; en: string }[] = keyFields.fields;
export const COUNTIES: string[] = counties.counties;

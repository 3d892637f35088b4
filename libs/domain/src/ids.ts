export * from './rules/ids';

export * from './rules/time';

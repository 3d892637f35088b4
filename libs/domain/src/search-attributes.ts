export * from './rules/search-attributes';

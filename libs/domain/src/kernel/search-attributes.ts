export * from './search-attributes.rules';

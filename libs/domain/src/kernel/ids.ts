export * from './ids.rules';

export * from './time.rules';

export * from './rules/state-machine';

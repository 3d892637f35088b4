export * from './state-machine.rules';

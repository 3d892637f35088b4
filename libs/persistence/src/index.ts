export * from './entities';
export * from './migrations';
export * from './data-source';
export * from './event-store';
export * from './credit-ledger';
export * from './review-input';
export * from './expert-columns';
export * from './repositories/calendar.repository';

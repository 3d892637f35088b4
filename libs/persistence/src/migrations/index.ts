import { Foundation1763800000000 } from './1763800000000-foundation';

/** In order. Listed explicitly so bundlers and the compiled tree find them. */
export const MIGRATIONS = [Foundation1763800000000];

import { DataSource, EntityManager } from 'typeorm';
import { DomainEventRepository } from './repositories/domain-event.repository';

/**
 * The event trail's safe horizon: every event with a sequence at or below it is committed, or
 * never will be (see DomainEventRepository.eventHorizonProbe). Each `advance` probes once and
 * answers the horizon; `waiting` says a later probe could move it without a new event (a
 * transaction seen running has not ended yet).
 */
export class EventHorizon {
  private readonly repo: DomainEventRepository;
  /** Sequences taken at some point, with the transactions that were running then and still run. */
  private pending: Array<{ lastSequence: bigint; running: Set<string> }> = [];
  horizon = 0n;

  constructor(db: DataSource | EntityManager) {
    this.repo = new DomainEventRepository(db);
  }

  get waiting(): boolean {
    return this.pending.length > 0;
  }

  async advance(): Promise<bigint> {
    const probe = await this.repo.eventHorizonProbe();
    const running = new Set(probe.running);
    const last = this.pending.at(-1);
    if (!last || last.lastSequence !== probe.lastSequence)
      this.pending.push({ lastSequence: probe.lastSequence, running: new Set(running) });
    // An entry clears once every transaction running when it was read has ended; then every
    // sequence up to its lastSequence is settled, whatever older entries still wait for.
    for (const p of this.pending) {
      for (const xid of p.running) if (!running.has(xid)) p.running.delete(xid);
      if (p.running.size === 0 && p.lastSequence > this.horizon) this.horizon = p.lastSequence;
    }
    this.pending = this.pending.filter((p) => p.lastSequence > this.horizon);
    return this.horizon;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, inboxItemOf, inboxKindsFor, InboxPage, PageQuery } from '@kjflow/domain';
import { InboxRepository } from '@kjflow/persistence';

/** The caller's task inbox: the kinds their roles see (libs/domain), their items (SQL), one page. */
@Injectable()
export class InboxQueryService {
  private readonly repo: InboxRepository;

  constructor(ds: DataSource) {
    this.repo = new InboxRepository(ds);
  }

  async inbox(actor: Actor, page: PageQuery): Promise<InboxPage> {
    const kinds = inboxKindsFor(actor);
    const [items, counts] = await Promise.all([
      this.repo.page(actor, kinds, page),
      this.repo.counts(actor, kinds),
    ]);
    const now = Date.now();
    return {
      items: items.items.map((row) => inboxItemOf(row, now)),
      next: items.next,
      counts,
      total: Object.values(counts).reduce((a, n) => a + (n ?? 0), 0),
    };
  }
}

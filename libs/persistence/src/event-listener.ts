import { Client } from 'pg';
import { DOMAIN_EVENTS_CHANNEL } from './event-store';

/**
 * One LISTEN connection for a process (the API's event stream fans it out). Reconnects after a
 * lost connection; `onNotify` also runs on (re)connecting, since a NOTIFY may have been missed.
 */
export class DomainEventListener {
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly onNotify: () => void,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.url, application_name: 'kjflow-event-listener' });
    this.client = client;
    const again = () => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners();
      void client.end().catch(() => undefined);
      if (!this.stopped) this.retry = setTimeout(() => void this.connect(), 1000);
    };
    client.on('error', again);
    client.on('end', again);
    client.on('notification', () => this.onNotify());
    try {
      await client.connect();
      await client.query(`LISTEN ${DOMAIN_EVENTS_CHANNEL}`);
      this.onNotify();
    } catch {
      again();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}

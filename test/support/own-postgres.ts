import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A PostgreSQL server of a test's own (initdb + pg_ctl in a temporary folder, on its own port), so
 * a test can stop and start it without touching the machine's server that others use.
 * initdb refuses root: as root the server runs as the `postgres` user.
 */
export class OwnPostgres {
  readonly dir: string;
  private readonly bin: string;

  constructor(readonly port: number) {
    const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    if (!versions.length) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
    this.bin = `/usr/lib/postgresql/${versions[0]}/bin`;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjflow-pg-'));
    fs.chmodSync(this.dir, 0o777);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/kjflow_ops`;
  }

  private run(tool: string, args: string[]) {
    const asRoot = process.getuid?.() === 0;
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(this.bin, tool), ...args]]
      : [path.join(this.bin, tool), args];
    return execFileSync(cmd, argv, { cwd: this.dir, stdio: 'pipe', timeout: 60000 }).toString();
  }

  init(): void {
    const data = path.join(this.dir, 'data');
    this.run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    // Sockets in the temporary folder, not /var/run/postgresql (the machine's server's).
    fs.appendFileSync(
      path.join(data, 'postgresql.conf'),
      `\nport = ${this.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${this.dir}'\nfsync = off\n`,
    );
  }

  start(): void {
    this.run('pg_ctl', ['-D', path.join(this.dir, 'data'), '-l', path.join(this.dir, 'log'), '-w', 'start']);
  }

  /** Fast shutdown: open connections are cut, as in a crash or a restart. */
  stop(): void {
    this.run('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      /* not running */
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

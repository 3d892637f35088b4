import { createDataSource, migrate } from '@kjflow/persistence';
import { seedDemo } from './index';

/** `node dist/seeds/src/cli.js [--migrate-only]`: migrations, then the idempotent demo seed. */
async function main() {
  const ran = await migrate();
  console.log(ran.length ? `[db] migrations applied: ${ran.join(', ')}` : '[db] schema up to date');
  if (process.argv.includes('--migrate-only')) return;
  const ds = await createDataSource({ poolSize: 2, applicationName: 'kjflow-seed' }).initialize();
  try {
    const n = await seedDemo(ds);
    console.log(
      `[seed] demo data: ${n.institutions} institutions, ${n.users} users, ${n.templates} program templates added (existing rows kept); ${n.planIndicators} plan indicators loaded`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

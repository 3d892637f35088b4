import { MigrationInterface, QueryRunner } from 'typeorm';

export class CommissionerPlans1765496000000 implements MigrationInterface {
  name = 'CommissionerPlans1765496000000';

  async up(q: QueryRunner): Promise<void> {
    // 科技特派员 (issue 16 §4): seed 003's 2023 target (累计选派 1000 人次) belongs to the
    // implementation of the three-year action plan (2021–2023), a plan of its own.
    await q.query(`ALTER TABLE plan_indicators DROP CONSTRAINT IF EXISTS plan_indicators_plan_check`);
    await q.query(`
      ALTER TABLE plan_indicators ADD CONSTRAINT plan_indicators_plan_check
        CHECK (plan IN ('plan_2021_2025', 'action_2021_2023', 'work_points_2022'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM plan_indicators WHERE plan = 'action_2021_2023'`);
    await q.query(`ALTER TABLE plan_indicators DROP CONSTRAINT plan_indicators_plan_check`);
    await q.query(`
      ALTER TABLE plan_indicators ADD CONSTRAINT plan_indicators_plan_check
        CHECK (plan IN ('plan_2021_2025', 'work_points_2022'))`);
  }
}

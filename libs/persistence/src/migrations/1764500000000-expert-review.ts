import { MigrationInterface, QueryRunner } from 'typeorm';

export class ExpertReview1764500000000 implements MigrationInterface {
  name = 'ExpertReview1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // The expert pool (专家库). `organisation_key` is what conflict rules compare: the institution's
    // id when it is registered here, else `name:<organisation>`. `external_ref` (专家库编号) makes
    // a re-import update a row instead of duplicating it.
    await q.query(`
      CREATE TABLE experts (
        id uuid PRIMARY KEY,
        user_id uuid UNIQUE REFERENCES users(id),
        external_ref text UNIQUE,
        name text NOT NULL,
        title text NOT NULL,
        organisation text NOT NULL,
        institution_id uuid REFERENCES institutions(id),
        organisation_key text NOT NULL,
        key_fields text[] NOT NULL DEFAULT '{}',
        keywords text[] NOT NULL DEFAULT '{}',
        region text NOT NULL,
        finance boolean NOT NULL DEFAULT false,
        available boolean NOT NULL DEFAULT true,
        load_cap int NOT NULL CHECK (load_cap > 0),
        relations jsonb NOT NULL DEFAULT '[]',
        declared_conflicts jsonb NOT NULL DEFAULT '[]',
        phone text,
        email text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // One review round per call (or per topic): the draw's parameters and its audit record.
    await q.query(`
      CREATE TABLE review_rounds (
        id uuid PRIMARY KEY,
        call_id uuid NOT NULL REFERENCES calls(id),
        strategy text NOT NULL CHECK (strategy IN ('random', 'optimal', 'randomized')),
        experts_per_application int NOT NULL CHECK (experts_per_application > 0),
        probability_cap numeric,
        seed bigint NOT NULL,
        input_hash text,
        solver_version text,
        policy jsonb NOT NULL,
        status text NOT NULL,
        result jsonb,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Each invitation of one expert to one application; a redraw is a new row pointing at the old.
    await q.query(`
      CREATE TABLE review_assignments (
        id uuid PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES review_rounds(id),
        application_id uuid NOT NULL REFERENCES applications(id),
        expert_id uuid NOT NULL REFERENCES experts(id),
        status text NOT NULL CHECK (status IN ('invited', 'accepted', 'declined', 'expired', 'recused', 'submitted', 'missed')),
        draw int NOT NULL,
        affinity numeric NOT NULL,
        replaces uuid REFERENCES review_assignments(id),
        respond_by timestamptz NOT NULL,
        score_by timestamptz,
        responded_at timestamptz,
        opened_at timestamptz,
        reason text,
        sheet jsonb,
        weighted_score numeric,
        submitted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (round_id, application_id, expert_id)
      )`);
    await q.query(`CREATE INDEX review_assignments_expert ON review_assignments (expert_id, status)`);

    // 会评 / 答辩 for applications the experts disagreed on.
    await q.query(`
      CREATE TABLE review_panels (
        round_id uuid NOT NULL REFERENCES review_rounds(id),
        application_id uuid NOT NULL REFERENCES applications(id),
        mode text NOT NULL CHECK (mode IN ('consensus', 'vote')),
        members jsonb NOT NULL,
        held_at timestamptz NOT NULL,
        outcome jsonb NOT NULL,
        minutes text NOT NULL,
        decided_by uuid NOT NULL REFERENCES users(id),
        decided_at timestamptz NOT NULL,
        PRIMARY KEY (round_id, application_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review_panels`);
    await q.query(`DROP TABLE review_assignments`);
    await q.query(`DROP TABLE review_rounds`);
    await q.query(`DROP TABLE experts`);
  }
}

import { DataSource, EntityManager } from 'typeorm';
import type {
  ApplicationContent,
  Page,
  PageQuery,
  RecusalKind,
  ReviewAssignmentStatus,
} from '@kjflow/domain';
import { ApplicationEntity } from '../entities/application.entity';
import { ExpertEntity } from '../entities/expert.entity';
import { InstitutionEntity } from '../entities/institution.entity';
import { ReviewAssignmentEntity } from '../entities/review-assignment.entity';
import { UserEntity } from '../entities/user.entity';
import { entityOf } from '../entity-rows';
import { atMillis, keysetPage } from '../pagination';

/**
 * An expert sees an invitation once it is listed (its application's review workflow runs, so an
 * answer reaches it): their list and their inbox both filter on this. `alias` names the table.
 */
export const listedInvitation = (alias: string) => `${alias}.listed_at IS NOT NULL`;

/** A change of an invitation's status (and what comes with it), as its workflow records it. */
export interface AssignmentStatusChange {
  status: ReviewAssignmentStatus;
  at: Date;
  scoreBy?: string | null;
  reason?: string | null;
  sheet?: object;
  weightedScore?: number;
  /** With `recused`: whose it was, and the officer who required it (`required`). */
  recusal?: RecusalKind;
  recusedBy?: string | null;
}

/** The application as an expert opens it (the view decides what a blind review hides). */
export interface ApplicationForExpert {
  id: string;
  content: ApplicationContent;
  call_id: string;
  submitted_at: Date | null;
  institution: string | null;
  applicant: string;
}

/** Invitations (评审任务) of the review rounds: drawn, redrawn, answered, scored. */
export class ReviewAssignmentRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(ReviewAssignmentEntity);
  }

  /**
   * The ids of a page of a round's applications, by position in the draw's order: what a leaf
   * slice of the fan-out reads and then lists. Read first, then used as `= ANY($ids)`: just after
   * a large draw PostgreSQL has no statistics of its rows yet, and with the page as an
   * `IN (subquery)` it chose to sort the round's 50,000 invitations again for each of them (the
   * 10,000-application round's listing took minutes a page, holding the round's event stream).
   */
  private async applicationPage(roundId: string, offset: number, limit: number): Promise<string[]> {
    const rows: Array<{ application_id: string }> = await this.db.query(
      `SELECT DISTINCT application_id FROM review_assignments
        WHERE round_id = $1 AND draw = 0 ORDER BY application_id OFFSET $2 LIMIT $3`,
      [roundId, offset, limit],
    );
    return rows.map((r) => r.application_id);
  }

  /** Plain SQL (entity-rows.ts): every expert's answer reads its invitation twice. */
  async byId(id: string): Promise<ReviewAssignmentEntity | undefined> {
    const [row] = await this.db.query(`SELECT * FROM review_assignments WHERE id = $1`, [id]);
    return row ? entityOf(this.db, ReviewAssignmentEntity, row) : undefined;
  }

  /**
   * The invitation with the expert id of the user asking (null: not an expert), in one read:
   * every command of an expert opens with both. Undefined when there is no such invitation.
   */
  async byIdFor(
    id: string,
    userId: string,
  ): Promise<{ assignment: ReviewAssignmentEntity; viewerExpertId: string | null } | undefined> {
    const [row] = await this.db.query(
      `SELECT ra.*, (SELECT e.id FROM experts e WHERE e.user_id = $2) AS viewer_expert_id
         FROM review_assignments ra WHERE ra.id = $1`,
      [id, userId],
    );
    if (!row) return undefined;
    return {
      assignment: entityOf(this.db, ReviewAssignmentEntity, row),
      viewerExpertId: row.viewer_expert_id,
    };
  }

  /**
   * Every invitation of a round with its application's title and its expert's name and
   * organisation: the key the assignment engine counts for maxPerOrganisation (organisation_key,
   * as it stands now) and its name (the registered institution's, else the one the expert gave);
   * a recusal an officer required names the officer.
   */
  async ofRound(roundId: string): Promise<
    Array<
      ReviewAssignmentEntity & {
        expertName: string;
        expertOrganisationKey: string;
        expertOrganisation: string;
        title: string;
        recusedByName: string | null;
      }
    >
  > {
    const { raw, entities } = await this.rows
      .createQueryBuilder('ra')
      .innerJoin(ExpertEntity, 'e', 'e.id = ra.expert_id')
      .innerJoin(ApplicationEntity, 'a', 'a.id = ra.application_id')
      .leftJoin(InstitutionEntity, 'i', 'i.id = e.institution_id')
      .leftJoin(UserEntity, 'u', 'u.id = ra.recused_by')
      .addSelect('e.name', 'expert_name')
      .addSelect('e.organisation_key', 'organisation_key')
      .addSelect('COALESCE(i.name, e.organisation)', 'organisation_name')
      .addSelect(`a.content->>'title'`, 'title')
      .addSelect('u.display_name', 'recused_by_name')
      .where('ra.round_id = :roundId', { roundId })
      .orderBy('ra.application_id')
      .addOrderBy('ra.draw')
      .addOrderBy('ra.expert_id')
      .getRawAndEntities<{
        ra_id: string;
        expert_name: string;
        organisation_key: string;
        organisation_name: string;
        title: string;
        recused_by_name: string | null;
      }>();
    const joined = new Map(raw.map((r) => [r.ra_id, r]));
    return entities.map((e) => {
      const r = joined.get(e.id)!;
      return {
        ...e,
        expertName: r.expert_name,
        expertOrganisationKey: r.organisation_key,
        expertOrganisation: r.organisation_name,
        title: r.title,
        recusedByName: r.recused_by_name,
      };
    });
  }

  /** One page of an expert's invitations, soonest answer first, each with its application's title. */
  async pageOfExpert(
    expertId: string,
    page: PageQuery,
  ): Promise<Page<ReviewAssignmentEntity & { title: string }>> {
    const result = await keysetPage(
      this.rows
        .createQueryBuilder('e')
        .where('e.expert_id = :expertId', { expertId })
        .andWhere(listedInvitation('e')),
      {
        columns: [atMillis('e.respond_by'), 'e.id'],
        direction: 'ASC',
        cursorOf: (e) => [e.respondBy.toISOString(), e.id],
      },
      page,
    );
    const ids = [...new Set(result.items.map((e) => e.applicationId))];
    const titles: Array<{ id: string; title: string }> = ids.length
      ? await this.db.query(
          `SELECT id, content->>'title' AS title FROM applications WHERE id = ANY ($1::uuid[])`,
          [ids],
        )
      : [];
    const titleOf = new Map(titles.map((t) => [t.id, t.title]));
    return {
      items: result.items.map((e) => ({ ...e, title: titleOf.get(e.applicationId) ?? '' })),
      next: result.next,
    };
  }

  /** Who holds which invitation of a round, and how it stands (for a redraw). */
  statusesOfRound(
    roundId: string,
  ): Promise<Array<Pick<ReviewAssignmentEntity, 'applicationId' | 'expertId' | 'status'>>> {
    return this.rows.find({
      select: { applicationId: true, expertId: true, status: true },
      where: { roundId },
    });
  }

  /**
   * Inside the draw's transaction: the first invitations of a round, with the workflow that runs
   * each (`workflowOf`, absent for rounds whose invitations run in workflows of their own), listed
   * now or, `listOnStart`, once their workflow runs (listApplicationsPage). One statement per
   * thousand rows: a national round draws hundreds of thousands.
   */
  async insertDrawn(
    roundId: string,
    pairs: ReadonlyArray<{ applicationId: string; expertId: string; affinity: number }>,
    respondBy: Date,
    workflowOf?: (applicationId: string) => string,
    listOnStart = false,
  ): Promise<void> {
    for (let at = 0; at < pairs.length; at += 1000) {
      const chunk = pairs.slice(at, at + 1000);
      await this.db.query(
        `INSERT INTO review_assignments (id, round_id, application_id, expert_id, status, draw, affinity, respond_by, listed_at, workflow_id)
         SELECT gen_random_uuid(), $1, p.application_id, p.expert_id, 'invited', 0, p.affinity, $2,
                CASE WHEN $7::boolean THEN NULL ELSE now() END, p.workflow_id
           FROM unnest($3::uuid[], $4::uuid[], $5::numeric[], $6::text[])
             AS p (application_id, expert_id, affinity, workflow_id)`,
        [
          roundId,
          respondBy,
          chunk.map((p) => p.applicationId),
          chunk.map((p) => p.expertId),
          chunk.map((p) => p.affinity),
          chunk.map((p) => (workflowOf ? workflowOf(p.applicationId) : null)),
          listOnStart,
        ],
      );
    }
  }

  /** The round's first invitations (draw 0), in a stable order. */
  drawn(
    roundId: string,
  ): Promise<Array<Pick<ReviewAssignmentEntity, 'id' | 'applicationId' | 'expertId' | 'respondBy'>>> {
    return this.rows.find({
      select: { id: true, applicationId: true, expertId: true, respondBy: true },
      where: { roundId, draw: 0 },
      order: { applicationId: 'ASC', expertId: 'ASC' },
    });
  }

  /** How many first invitations (draw 0) a round's draw made, for how many applications. */
  async countDrawn(roundId: string): Promise<{ invited: number; applications: number }> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS invited, count(DISTINCT application_id)::int AS applications
         FROM review_assignments WHERE round_id = $1 AND draw = 0`,
      [roundId],
    );
    return row;
  }

  /**
   * One page of a round's applications with their first invitations, by position in the order
   * of `drawn` (the unique index on round, application, expert serves it): the round's fan-out
   * reads its slice of applications so.
   */
  async drawnApplicationsPage(
    roundId: string,
    offset: number,
    limit: number,
  ): Promise<Array<Pick<ReviewAssignmentEntity, 'id' | 'applicationId' | 'expertId' | 'respondBy'>>> {
    const page = await this.applicationPage(roundId, offset, limit);
    const rows: Array<{ id: string; application_id: string; expert_id: string; respond_by: Date }> =
      await this.db.query(
        `SELECT id, application_id, expert_id, respond_by FROM review_assignments
          WHERE round_id = $1 AND application_id = ANY($2::uuid[]) AND draw = 0
          ORDER BY application_id, expert_id`,
        [roundId, page],
      );
    return rows.map((r) => ({
      id: r.id,
      applicationId: r.application_id,
      expertId: r.expert_id,
      respondBy: r.respond_by,
    }));
  }

  /**
   * Inside the listing's transaction: lists the first invitations of one page of a round's
   * applications (positions as in drawnApplicationsPage) not listed yet; answers how many of the
   * round's are still unlisted. Callers hold the round's event stream
   * (the listing's event), so the last page's count sees every other page's listing.
   */
  async listApplicationsPage(
    roundId: string,
    offset: number,
    limit: number,
    at: Date,
  ): Promise<{ unlisted: number }> {
    await this.db.query(
      `UPDATE review_assignments SET listed_at = $3
        WHERE round_id = $1 AND application_id = ANY($2::uuid[]) AND draw = 0 AND listed_at IS NULL`,
      [roundId, await this.applicationPage(roundId, offset, limit), at],
    );
    const [{ unlisted }]: Array<{ unlisted: number }> = await this.db.query(
      `SELECT count(*)::int AS unlisted FROM review_assignments WHERE round_id = $1 AND listed_at IS NULL`,
      [roundId],
    );
    return { unlisted };
  }

  /**
   * One page of a round's first invitations, in the order of `drawn` (the unique index on
   * round, application, expert serves it): the round's fan-out reads its slice by position.
   */
  drawnPage(
    roundId: string,
    offset: number,
    limit: number,
  ): Promise<Array<Pick<ReviewAssignmentEntity, 'id' | 'applicationId' | 'expertId' | 'respondBy'>>> {
    return this.rows.find({
      select: { id: true, applicationId: true, expertId: true, respondBy: true },
      where: { roundId, draw: 0 },
      order: { applicationId: 'ASC', expertId: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  /**
   * Inside the redraw's transaction: the replacement of an invitation that ended without a
   * score, run by the same workflow as the invitation it replaces.
   */
  async insertReplacement(r: {
    roundId: string;
    applicationId: string;
    expertId: string;
    draw: number;
    affinity: number;
    replaces: string;
    respondBy: Date;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO review_assignments (id, round_id, application_id, expert_id, status, draw, affinity, replaces, respond_by, workflow_id)
       SELECT gen_random_uuid(), $1, $2, $3, 'invited', $4, $5, $6, $7, workflow_id
         FROM review_assignments WHERE id = $6`,
      [r.roundId, r.applicationId, r.expertId, r.draw, r.affinity, r.replaces, r.respondBy],
    );
  }

  async replacementOf(assignmentId: string): Promise<ReviewAssignmentEntity | undefined> {
    return (await this.rows.findOneBy({ replaces: assignmentId })) ?? undefined;
  }

  /** Inside the invitation activity's transaction: the new status and what comes with it. */
  async recordStatus(id: string, c: AssignmentStatusChange): Promise<void> {
    await this.db.query(
      `UPDATE review_assignments SET status = $2,
              responded_at = CASE WHEN $2 IN ('accepted', 'declined') THEN $3 ELSE responded_at END,
              score_by = COALESCE($4, score_by), reason = COALESCE($5, reason),
              sheet = COALESCE($6::jsonb, sheet), weighted_score = COALESCE($7, weighted_score),
              submitted_at = CASE WHEN $2 = 'submitted' THEN $3 ELSE submitted_at END,
              recusal = COALESCE($8, recusal), recused_by = COALESCE($9::uuid, recused_by)
        WHERE id = $1`,
      [
        id,
        c.status,
        c.at,
        c.scoreBy ?? null,
        c.reason ?? null,
        c.sheet ? JSON.stringify(c.sheet) : null,
        c.weightedScore ?? null,
        c.recusal ?? null,
        c.recusedBy ?? null,
      ],
    );
  }

  /** Inside the draft activity's transaction: the draft kept; the first one marks the opening. */
  async saveDraft(id: string, sheet: object, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE review_assignments SET sheet = $2, opened_at = COALESCE(opened_at, $3) WHERE id = $1`,
      [id, JSON.stringify(sheet), at],
    );
  }

  /** The application an invitation is about, with the names a non-blind review shows. */
  async application(applicationId: string): Promise<ApplicationForExpert | undefined> {
    const [app] = await this.db.query(
      `SELECT a.id, a.content, a.call_id, a.submitted_at, i.name AS institution, u.display_name AS applicant
         FROM applications a LEFT JOIN institutions i ON i.id = a.institution_id JOIN users u ON u.id = a.applicant_id
        WHERE a.id = $1`,
      [applicationId],
    );
    return app;
  }
}

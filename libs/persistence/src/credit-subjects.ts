import { DataSource, EntityManager } from 'typeorm';
import { CreditRecord, CreditSubject, EligibilitySubject, rateCredit } from '@kjflow/domain';
import { creditRecordFromEntity } from './credit-ledger';
import { CreditRepository } from './repositories/credit.repository';
import { UserRepository } from './repositories/user.repository';

/**
 * The subjects of the credit gate (RULES §3, §4) with their names and ratings at `at`: the PI (when
 * given), the participants, the institution (when given). Unknown ids are answered by their field
 * (`piId`, `participantIds.<i>`, `institutionId`), for the caller to refuse as it names them. The
 * API's formal check and the project workflow's change gates rate through this one place.
 */
export async function ratedCreditSubjects(
  db: DataSource | EntityManager,
  input: { piId: string | null; institutionId: string | null; participantIds: string[]; at: Date },
): Promise<{ subjects: EligibilitySubject[]; missing: string[] }> {
  const people = [
    ...(input.piId ? [{ id: input.piId, path: 'piId', role: 'pi' as const }] : []),
    ...input.participantIds.map((id, i) => ({
      id,
      path: `participantIds.${i}`,
      role: 'participant' as const,
    })),
  ];
  const users = new UserRepository(db);
  const found = await users.byIds(people.map((p) => p.id));
  const institution = input.institutionId ? await users.institution(input.institutionId) : null;
  const missing = [
    ...people.filter(({ id }) => !found.some((p) => p.id === id)).map(({ path }) => path),
    ...(input.institutionId && !institution ? ['institutionId'] : []),
  ];
  if (missing.length) return { subjects: [], missing };
  const subjects: Array<Omit<EligibilitySubject, 'rating'>> = [
    ...people.map((p) => ({
      subject: { type: 'person' as const, id: p.id },
      role: p.role,
      name: found.find((u) => u.id === p.id)!.displayName,
    })),
    ...(institution
      ? [
          {
            subject: { type: 'institution' as const, id: institution.id },
            role: 'institution' as const,
            name: institution.name,
          },
        ]
      : []),
  ];
  // One query for the whole team, not one per member (issue 17: a submission read each in turn).
  const records = await new CreditRepository(db).ofEachSubject(subjects.map((s) => s.subject));
  const rate = (subject: CreditSubject) =>
    rateCredit(
      records.get(`${subject.type}:${subject.id}`)!.map(creditRecordFromEntity) as CreditRecord[],
      input.at,
    );
  return {
    subjects: subjects.map((s) => ({ ...s, rating: rate(s.subject) })),
    missing: [],
  };
}

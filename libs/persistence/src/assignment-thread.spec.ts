import { AssignmentInputData, DomainError } from '@kjflow/domain';
import { assignExpertsOffThread } from './assignment-thread';

/** Two applications, four experts: small enough to solve in place (no compiled thread entry here). */
const INPUT: AssignmentInputData = {
  applications: [
    { id: 'A1', organisationIds: ['O1'] },
    { id: 'A2', organisationIds: ['O2'] },
  ],
  experts: ['E1', 'E2', 'E3', 'E4'].map((id, i) => ({
    id,
    organisationId: `X${i}`,
    loadCap: 2,
    finance: i === 0,
  })),
  affinities: [
    { applicationId: 'A1', expertId: 'E2', affinity: 0.9 },
    { applicationId: 'A2', expertId: 'E3', affinity: 0.8 },
  ],
  k: 2,
  panel: { atLeastOneFinance: true },
  seed: 5,
  strategy: 'optimal',
};

describe('assignExpertsOffThread', () => {
  it('solves with the solver version it is given (a replay passes the recorded one), else the newest', async () => {
    expect((await assignExpertsOffThread(INPUT, 'kjflow-assign/1.0.0')).solverVersion).toBe(
      'kjflow-assign/1.0.0',
    );
    expect((await assignExpertsOffThread(INPUT)).solverVersion).toBe('kjflow-assign/3.0.0');
  });

  it('refuses an unknown version', async () => {
    await expect(assignExpertsOffThread(INPUT, 'kjflow-assign/0.9.0')).rejects.toBeInstanceOf(DomainError);
  });
});

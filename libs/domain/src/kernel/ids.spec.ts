import { workflowIds } from './ids';

describe('workflowIds', () => {
  const id = '3f1c2b9e-8d4a-4c1e-9b7f-2a6d5e4c3b21';

  it('derives the call workflow id from the call id', () => {
    expect(workflowIds.call(id)).toBe(`call-${id}`);
  });

  it('derives the application workflow id from the application id', () => {
    expect(workflowIds.application(id)).toBe(`application-${id}`);
  });

  it('is deterministic, so a retried request lands on the same workflow', () => {
    expect(workflowIds.application(id)).toBe(workflowIds.application(id));
  });

  it('never gives a call and an application the same workflow id', () => {
    expect(workflowIds.call(id)).not.toBe(workflowIds.application(id));
  });
});

import { DomainError } from './messages';
import { caught } from './spec-helpers';
import { stateMachine } from './state-machine';

type Ticket = 'open' | 'in_progress' | 'on_hold' | 'closed';

const machine = stateMachine<Ticket>({
  noun: { zh: '工单', en: 'ticket' },
  labels: {
    open: { zh: '待处理', en: 'Open' },
    in_progress: { zh: '处理中', en: 'In Progress' },
    on_hold: { zh: '已挂起', en: 'On hold' },
    closed: { zh: '已关闭', en: 'Closed' },
  },
  rules: [
    { from: ['open', 'on_hold'], command: 'start', to: 'in_progress', event: 'ticket.started' },
    { from: ['in_progress'], command: 'hold', to: 'on_hold', event: 'ticket.held' },
    { from: ['open'], command: 'close', to: 'closed', event: 'ticket.closed_unworked' },
    { from: ['in_progress', 'open'], command: 'close', to: 'closed', event: 'ticket.closed' },
  ],
});

describe('stateMachine.next', () => {
  it('returns the transition of the matching rule, with from, to and event', () => {
    expect(machine.next('open', 'start')).toEqual({
      from: 'open',
      to: 'in_progress',
      event: 'ticket.started',
    });
  });

  it('applies a rule from every state it lists', () => {
    expect(machine.next('on_hold', 'start')).toEqual({
      from: 'on_hold',
      to: 'in_progress',
      event: 'ticket.started',
    });
  });

  it('uses the first rule in table order when several match', () => {
    expect(machine.next('open', 'close').event).toBe('ticket.closed_unworked');
    expect(machine.next('in_progress', 'close').event).toBe('ticket.closed');
  });

  it('refuses a known command from a state the rule does not list, naming noun and current state', () => {
    const error = caught(() => machine.next('closed', 'start'));

    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('invalid_state');
    expect(error.status).toBe(409);
    expect(error.bilingual).toEqual({
      zh: '工单当前状态为“已关闭”，不能执行此操作',
      en: 'The ticket is closed; this action is not allowed now',
    });
    expect(error.message).toBe(error.bilingual.en);
    expect(error.fields).toEqual([]);
  });

  it('refuses an unknown command the same way', () => {
    expect(caught(() => machine.next('open', 'reopen')).bilingual).toEqual({
      zh: '工单当前状态为“待处理”，不能执行此操作',
      en: 'The ticket is open; this action is not allowed now',
    });
  });

  it('lower-cases the whole English label in the message', () => {
    expect(caught(() => machine.next('in_progress', 'start')).bilingual.en).toBe(
      'The ticket is in progress; this action is not allowed now',
    );
  });
});

describe('stateMachine.refuse', () => {
  it('returns (does not throw) an invalid_state error with the default action', () => {
    const error = machine.refuse('on_hold');

    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('invalid_state');
    expect(error.bilingual).toEqual({
      zh: '工单当前状态为“已挂起”，不能执行此操作',
      en: 'The ticket is on hold; this action is not allowed now',
    });
  });

  it('names a custom action in both languages', () => {
    const error = machine.refuse('closed', { zh: '修改', en: 'it can no longer be edited' });

    expect(error.bilingual).toEqual({
      zh: '工单当前状态为“已关闭”，不能修改',
      en: 'The ticket is closed; it can no longer be edited',
    });
  });
});

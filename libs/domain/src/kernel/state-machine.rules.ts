import { Bilingual, DomainError } from './errors.rules';

/** One allowed move: from any of `from`, `command` leads to `to` and emits `event`. */
export interface TransitionRule<S extends string> {
  from: readonly S[];
  command: string;
  to: S;
  event: string;
}

export interface Transition<S extends string = string> {
  from: S;
  to: S;
  event: string;
}

/**
 * A state machine as data: the table of allowed transitions is the whole rule, and every
 * other combination is refused with a message that names the current state.
 */
export function stateMachine<S extends string>(opts: {
  noun: Bilingual;
  labels: Record<S, Bilingual>;
  rules: TransitionRule<S>[];
}) {
  function refuse(
    from: S,
    action: Bilingual = { zh: '执行此操作', en: 'this action is not allowed now' },
  ): DomainError {
    const label = opts.labels[from];
    return new DomainError('invalid_state', {
      zh: `${opts.noun.zh}当前状态为“${label.zh}”，不能${action.zh}`,
      en: `The ${opts.noun.en} is ${label.en.toLowerCase()}; ${action.en}`,
    });
  }
  return {
    next(from: S, command: string): Transition<S> {
      const rule = opts.rules.find((r) => r.command === command && r.from.includes(from));
      if (!rule) throw refuse(from);
      return { from, to: rule.to, event: rule.event };
    },
    refuse,
  };
}

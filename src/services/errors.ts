/** One thing wrong with what was entered, on the form field it belongs to when there is one. */
export interface FieldProblem {
  field?: string
  text: string
}

/**
 * What was entered breaks a rule of the service. Each problem is written for the person
 * using the service and names its form field; a page shows them in its error summary.
 */
export class FieldProblems extends Error {
  readonly problems: readonly FieldProblem[]

  constructor(problems: readonly FieldProblem[], message = problems.map((p) => p.text).join('; ')) {
    super(message)
    this.problems = problems
  }
}

/**
 * A single rule of the service not met: the commonest field problem. `field` names the form
 * field it belongs to, when there is one; without it the page chooses where to show it.
 */
export class ServiceError extends FieldProblems {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super([field === undefined ? { text: message } : { field, text: message }], message)
  }
}

/**
 * No such thing, or one this person may not see: the same answer for both, so a page cannot
 * tell whether something exists that it does not show. The web layer answers 404.
 */
export class NotFound extends Error {
  constructor(message = 'Not found') {
    super(message)
  }
}

/** The database out of reach for now (a restart, a failover): the web layer answers 503. */
export { isDatabaseUnavailable } from '../db/database.ts'

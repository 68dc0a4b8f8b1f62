/**
 * A rule of the service was not met. The message is written for the person using the
 * service; `field` names the form field it belongs to, when there is one.
 */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

/** The database out of reach for now (a restart, a failover): the web layer answers 503. */
export { isDatabaseUnavailable } from '../db/database.ts'

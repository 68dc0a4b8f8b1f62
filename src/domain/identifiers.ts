// Identifiers the service hands out are UUIDs (PostgreSQL's uuid type). Anything that arrives
// as an identifier (a path segment, a form field, a URL inside a credential) is checked here
// before it reaches a uuid column, where text that is not a UUID would be a database error
// rather than "not found".

/**
 * A UUID's 36 characters, without anchors, to build into a larger pattern (a URL). Either
 * case: PostgreSQL reads a uuid in upper or lower case as the same value, so an identifier
 * typed or copied in capitals names the same record and must not be refused.
 */
export const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'

const UUID = new RegExp(`^${UUID_PATTERN}$`)

/** Whether `value` is a UUID, in either case, with nothing around it. */
export function isUuid(value: string): boolean {
  return UUID.test(value)
}

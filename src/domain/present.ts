/**
 * A value an earlier step guarantees (a row just written or locked, a column a filter made
 * non-null): returns it, or throws an error naming it, so a broken guarantee fails loudly
 * instead of travelling on as undefined.
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}, but it was missing`)
  return value
}

/** Whether stored or received JSON is an object whose fields can be read one by one. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

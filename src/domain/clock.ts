// Where the service learns the time. Business dates (what is due today, when something was
// submitted, how old a review is) come from a Clock handed to the services, so that every
// part agrees on "today" — the day in Europe/London — and tests can move time instead of
// editing rows.

import { londonDay } from './dates.ts'

export interface Clock {
  /** The current instant. */
  now(): Date
  /** Today in Europe/London, as YYYY-MM-DD. */
  today(): string
}

/** The real time. */
export const systemClock: Clock = {
  now: () => new Date(),
  today: () => londonDay(new Date()),
}

export interface Duration {
  days?: number
  hours?: number
  minutes?: number
  seconds?: number
}

/** A clock for tests: it stands still until set or advanced. */
export interface TestClock extends Clock {
  set(instant: Date | string): void
  advance(by: Duration): void
}

function instantOf(value: Date | string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime()
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${String(value)}`)
  return ms
}

export function fixedClock(start: Date | string): TestClock {
  let current = instantOf(start)
  return {
    now: () => new Date(current),
    today: () => londonDay(new Date(current)),
    set(instant) {
      current = instantOf(instant)
    },
    advance({ days = 0, hours = 0, minutes = 0, seconds = 0 }) {
      current += ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000
    },
  }
}

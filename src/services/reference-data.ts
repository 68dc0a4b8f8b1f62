// The reference data a public page reads on every request and that changes only when the
// Centre changes its catalogue: the clinical areas and the professions. Each instance keeps them
// in memory and forgets them when the database announces a change to their table, from any
// instance (PostgreSQL's LISTEN/NOTIFY; the triggers of migration 20261207090000). Until it is
// listening, or when it cannot listen, it keeps nothing and asks the database every time.
import type { DatabaseHandle } from '../db/database.ts'
import * as areasRepo from '../repositories/clinical-areas.ts'
import { listProfessionNames } from '../repositories/professions.ts'

export const REFERENCE_DATA_CHANNEL = 'reference_data'

export type AreaRow = Awaited<ReturnType<typeof areasRepo.listAreas>>[number]

export interface ReferenceData {
  /** Every clinical area, by name. */
  areas(): Promise<readonly AreaRow[]>
  /** Every profession's name, in the order forms list them. */
  professions(): Promise<readonly string[]>
  /** Resolves once changes are heard (or once listening has failed, and nothing is kept). */
  readonly listening: Promise<void>
}

/** A value loaded on demand and kept until `forget()`; a load begun before a forget is not kept. */
function kept<T>(load: () => Promise<T>, enabled: () => boolean) {
  let value: Promise<T> | undefined
  let generation = 0
  return {
    get(): Promise<T> {
      if (value) return value
      const loading = load()
      if (!enabled()) return loading
      const at = generation
      value = loading
      loading.catch(() => {
        if (generation === at) value = undefined
      })
      return loading
    },
    forget() {
      generation++
      value = undefined
    },
  }
}

export function createReferenceData(database: DatabaseHandle): ReferenceData {
  let heard = false
  const areas = kept(
    () => areasRepo.listAreas(database.db),
    () => heard,
  )
  const professions = kept(
    () => listProfessionNames(database.db),
    () => heard,
  )
  const forgetAll = () => {
    areas.forget()
    professions.forget()
  }
  const listening = database
    .listen(
      REFERENCE_DATA_CHANNEL,
      (table) => {
        if (table === 'clinical_area') areas.forget()
        if (table === 'profession') professions.forget()
      },
      forgetAll,
    )
    .then(
      () => {
        heard = true
      },
      () => undefined,
    )
  return { areas: () => areas.get(), professions: () => professions.get(), listening }
}

// Lists that change only when the catalogue does (professions, clinical areas) but that a
// public search form shows on every search: each instance keeps them for a while rather than
// asking the database each time.

/**
 * `load`, called at most once per `ms` in this instance. A load that fails is not kept, so the
 * next call tries again. The age is measured on the monotonic clock: this is a cache's
 * lifetime, not the business time the injected Clock gives.
 */
export function remembered<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let kept: { until: number; value: Promise<T> } | null = null
  return () => {
    const now = performance.now()
    if (kept && kept.until > now) return kept.value
    const entry = { until: now + ms, value: load() }
    kept = entry
    entry.value.catch(() => {
      if (kept === entry) kept = null
    })
    return entry.value
  }
}

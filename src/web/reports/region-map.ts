// The map of NHS England's seven regions for the delivery dashboard (src/web/reports/charts.ts).
import type { Region } from '../../domain/providers.ts'

export interface RegionValue {
  region: Region
  /** Null where a small count is withheld. */
  value: number | null
}

/** The SVG of the map, or null while there is no map to draw (the table alone is shown). */
export function regionMap(_id: string, _rows: readonly RegionValue[], _valueLabel: string): string | null {
  return null
}

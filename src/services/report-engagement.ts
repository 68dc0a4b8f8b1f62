// The engagement dashboard's figures (src/services/reports.ts).
import type { DatasetSource } from './reports.ts'

export const engagementDatasets: readonly DatasetSource[] = []

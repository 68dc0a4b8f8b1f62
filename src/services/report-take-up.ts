// The take-up dashboard's figures (src/services/reports.ts).
import type { DatasetSource } from './reports.ts'

export const takeUpDatasets: readonly DatasetSource[] = []

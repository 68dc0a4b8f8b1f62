// How far a running award import has got, for its page and its JSON: rows checked, rows
// signed and saved, and an estimate of the time left from the pace so far.

export const IMPORT_STATES = ['queued', 'running', 'completed', 'rejected', 'failed'] as const
export type ImportState = (typeof IMPORT_STATES)[number]
export const IMPORT_STATE_LABELS: Record<ImportState, string> = {
  queued: 'Waiting to start',
  running: 'Checking the rows',
  completed: 'Completed',
  rejected: 'Rejected: nothing was saved',
  failed: 'Failed: nothing was saved',
}
/** Where an import's rows came from: an uploaded CSV file or the awards API. */
export type ImportSource = 'csv' | 'api'

/** Checking a row is quick; signing and saving it is most of the work. */
const CHECK_SHARE = 0.15

/** A running import that has shown no sign of life for this long was interrupted. */
export const STALLED_AFTER_SECONDS = 30

export interface ImportProgress {
  totalRows: number
  checkedRows: number
  savedRows: number
  /** 0 to 100, whole. */
  percent: number
  /** Null until there is enough to go on. */
  secondsLeft: number | null
  /** The run stopped showing signs of life: it will start again from the beginning. */
  stalled: boolean
}

export function importProgress(
  item: {
    totalRows: number
    processedRows: number
    savedRows: number
    startedAt: Date | null
    heartbeatAt: Date | null
  },
  now: Date,
): ImportProgress {
  const total = item.totalRows
  const checked = Math.min(item.processedRows, total)
  const saved = Math.min(item.savedRows, total)
  const done = total > 0 ? (CHECK_SHARE * checked + (1 - CHECK_SHARE) * saved) / total : 0
  const elapsed = item.startedAt ? (now.getTime() - item.startedAt.getTime()) / 1000 : 0
  const secondsLeft =
    done >= 0.02 && done < 1 && elapsed >= 1 ? Math.ceil((elapsed * (1 - done)) / done) : null
  const lastSign = item.heartbeatAt ?? item.startedAt
  return {
    totalRows: total,
    checkedRows: checked,
    savedRows: saved,
    percent: Math.floor(done * 100),
    secondsLeft,
    stalled: lastSign !== null && (now.getTime() - lastSign.getTime()) / 1000 > STALLED_AFTER_SECONDS,
  }
}

/** "About 2 minutes left", "About 40 seconds left", "Less than 10 seconds left". */
export function timeLeftText(progress: Pick<ImportProgress, 'secondsLeft' | 'stalled'>): string {
  const seconds = progress.secondsLeft
  if (progress.stalled) return 'The upload was interrupted: it will start again from the beginning soon'
  if (seconds === null) return 'Working out how long it will take'
  if (seconds < 10) return 'Less than 10 seconds left'
  if (seconds < 60) return `About ${Math.round(seconds / 10) * 10} seconds left`
  const minutes = Math.round(seconds / 60)
  return `About ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} left`
}

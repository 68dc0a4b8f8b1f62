// A long form as an NHS task list: each section's status is read from what has been written
// and what submitting would still find missing, the same way for every form that uses one.

export const TASK_STATUSES = ['not_started', 'in_progress', 'completed'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
}

/**
 * A section's status: not started while nothing of it is written, completed once something is
 * and submitting would find nothing of it missing, in progress in between.
 */
export function taskStatus(started: boolean, somethingMissing: boolean): TaskStatus {
  if (!started) return 'not_started'
  return somethingMissing ? 'in_progress' : 'completed'
}

// The items of the NHS task list macro for a form in sections: a completed section's status is
// plain words, one still to do is a tag, as the design system's task list shows them.
import { TASK_STATUS_LABELS, type TaskStatus } from '../domain/task-list.ts'

const TAG_CLASSES: Record<Exclude<TaskStatus, 'completed'>, string> = {
  not_started: 'nhsuk-tag--white',
  in_progress: 'nhsuk-tag--blue',
}

export interface TaskSection {
  title: string
  href: string
  status: TaskStatus
}

/** The taskList macro's items, and how many of the sections are completed. */
export function taskListItems(sections: readonly TaskSection[]) {
  return {
    items: sections.map(({ title, href, status }) => ({
      title: { text: title },
      href,
      status:
        status === 'completed'
          ? { text: TASK_STATUS_LABELS[status] }
          : { tag: { text: TASK_STATUS_LABELS[status], classes: TAG_CLASSES[status] } },
    })),
    completedCount: sections.filter((s) => s.status === 'completed').length,
  }
}

/** One row of a summary list on a check-your-answers page; an empty answer says so. */
export function checkRow(href: string, key: string, value: string) {
  return {
    key: { text: key },
    value: { text: value.trim() ? value : 'Not answered yet' },
    actions: { items: [{ href, text: 'Change', visuallyHiddenText: key }] },
  }
}

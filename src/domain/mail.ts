// The states of a message in the e-mail outbox.

import type { StateWord } from './tag-colours.ts'

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const
export type MailStatus = (typeof MAIL_STATUSES)[number]

export const MAIL_STATUS_WORDS: Record<MailStatus, StateWord> = {
  pending: { text: 'Waiting to send', colour: 'yellow' },
  sent: { text: 'Sent', colour: 'green' },
  failed: { text: 'Failed', colour: 'red' },
}

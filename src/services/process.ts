// What every use case of the approval and assurance process shares: who is acting, the
// timeline entry and audit event each step leaves, the catalogue status that follows,
// stale-form detection, and the e-mails people receive.
import type { AuditAction } from '../domain/audit-sentences.ts'
import type { Transaction } from 'kysely'
import type { Role } from '../domain/accounts.ts'
import type { CredentialStatus, Due } from '../domain/catalogue.ts'
import type { Database } from '../db/schema.ts'
import * as credentialEvents from '../repositories/credential-events.ts'
import { setCredentialStatus } from '../repositories/credentials.ts'
import { listPeopleWithRole } from '../repositories/role-grants.ts'
import { findUserById } from '../repositories/user-accounts.ts'
import { recordAudit, type Actor } from './audit.ts'
import { ServiceError } from './errors.ts'
import { enqueueMail } from './mail.ts'

/** A signed-in person acting in the process, with the roles the rules are checked against. */
export interface ProcessActor extends Actor {
  userId: string
  name: string
  roles: readonly Role[]
}

/** The domain machines' view of an actor. */
export const domainActor = (actor: ProcessActor) => ({ id: actor.userId, roles: actor.roles })

export const STALE_MESSAGE =
  'This record changed since you opened it. Check the latest version below and make your change again'

/** Thrown when an update matched no row because someone else changed the record first. */
export function staleRecord(field?: string): ServiceError {
  return new ServiceError(STALE_MESSAGE, field)
}

/** A refused transition: the domain's reason, for the person to read. */
export function refused(reason: string, field?: string): ServiceError {
  return new ServiceError(reason, field)
}

export interface Step {
  credentialId?: string | null
  proposalId?: string | null
  versionNumber?: number | null
  /** Dotted name for the audit trail, such as 'proposal.submitted'. */
  action: AuditAction
  /** What happened, in words for the timeline: "Submitted version 2 for review". */
  summary: string
  /** Why, when the person gave a reason. */
  reason?: string | null
  entityType: string
  entityId: string
  before?: unknown
  after?: unknown
  /** When the step was taken, from the service's clock: the timeline shows it. */
  at: Date
}

/** One timeline entry and one audit event, in the caller's transaction. */
export async function recordStep(trx: Transaction<Database>, actor: Actor & { name?: string }, step: Step) {
  await credentialEvents.insertEvent(trx, {
    credential_id: step.credentialId ?? null,
    proposal_id: step.proposalId ?? null,
    version_number: step.versionNumber ?? null,
    action: step.action,
    summary: step.summary,
    reason: step.reason ?? null,
    actor_id: actor.userId,
    actor_label: actor.name ?? actor.label,
    occurred_at: step.at,
  })
  await recordAudit(trx, actor, {
    action: step.action,
    entityType: step.entityType,
    entityId: step.entityId,
    before: step.before ?? null,
    after: step.after ?? { summary: step.summary, reason: step.reason ?? null },
  })
}

/** The credential's catalogue status from now (`at`, from the service's clock), as a status event. */
export async function changeStatus(
  trx: Transaction<Database>,
  actor: ProcessActor | Actor,
  credentialId: string,
  status: CredentialStatus,
  reason: string | null,
  at: Date,
  due?: Due | null,
) {
  await setCredentialStatus(trx, credentialId, {
    status,
    ...(due === undefined ? {} : { dueSeason: due?.season ?? null, dueYear: due?.year ?? null }),
    reason,
    recordedBy: 'name' in actor ? actor.name : actor.label,
    recordedAt: at,
  })
}

/** E-mail to one person, through the outbox, in the same transaction as the step. */
export async function tell(
  trx: Transaction<Database>,
  personId: string,
  subject: string,
  lines: readonly string[],
) {
  const person = await findUserById(trx, personId)
  if (!person || person.status !== 'active') return
  await enqueueMail(trx, {
    to: person.email,
    subject,
    text: [`Dear ${person.display_name},`, '', ...lines].join('\n'),
  })
}

/** E-mail to everyone holding a role, such as the Centre admins on a submission. */
export async function tellRole(
  trx: Transaction<Database>,
  role: Role,
  subject: string,
  lines: readonly string[],
) {
  for (const person of await listPeopleWithRole(trx, role)) {
    await enqueueMail(trx, {
      to: person.email,
      subject,
      text: [`Dear ${person.display_name},`, '', ...lines].join('\n'),
    })
  }
}

export interface TimelineEntry {
  action: string
  summary: string
  reason: string | null
  versionNumber: number | null
  actor: string
  occurredAt: Date
}

export function toTimeline(
  rows: Awaited<ReturnType<typeof credentialEvents.listCredentialEvents>>,
): TimelineEntry[] {
  return rows.map((r) => ({
    action: r.action,
    summary: r.summary,
    reason: r.reason,
    versionNumber: r.version_number,
    actor: r.actor_label,
    occurredAt: r.occurred_at,
  }))
}

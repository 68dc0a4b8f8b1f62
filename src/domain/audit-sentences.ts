// The audit trail in words: each action code the service writes, as a sentence built from who
// did it and what it was done to ("Ada Lovelace gave Priya Shah the role Reviewer"). The codes
// are the keys of AUDIT_SENTENCES, and recordAudit only takes those, so a new action cannot be
// written without its words. The raw record (codes, ids, before and after) stays one click away.
import { isRole, roleLabel } from './accounts.ts'

/** What a sentence is built from, names already looked up. */
export interface AuditFacts {
  /** Who did it, by name: "Ada Lovelace", or "The service" for work nobody started by hand. */
  actor: string
  /** What it was done to, in words: a person's name, or "a proposal" when nothing better is known. */
  target: string
  before: unknown
  after: unknown
}

type Sentence = (facts: AuditFacts) => string

/** A value of before or after, as text, or undefined when it is not there or not a string. */
function field(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const found: unknown = Reflect.get(value, key)
  return typeof found === 'string' && found !== '' ? found : undefined
}

const roleIn = (value: unknown) => {
  const role = field(value, 'role')
  return role !== undefined && isRole(role) ? roleLabel(role) : 'a role'
}

export const AUDIT_SENTENCES = {
  // Accounts and access
  'role.granted': (f) => `${f.actor} gave ${f.target} the role ${roleIn(f.after)}`,
  'role.removed': (f) => `${f.actor} removed the role ${roleIn(f.before)} from ${f.target}`,
  'invitation.created': (f) => `${f.actor} invited someone to the service with the role ${roleIn(f.after)}`,
  'invitation.accepted': (f) => `${f.actor} accepted an invitation`,
  'account.created_from_invitation': (f) => `${f.actor} created an account from an invitation`,
  'account.registered': (f) => `${f.actor} registered an account`,
  'account.registration_refused': (f) =>
    `${f.actor} tried to register with the email address of ${f.target}, which already has an account`,
  'account.confirmation_resent': (f) =>
    `${f.actor} sent ${f.target} a new link to confirm their email address`,
  'account.email_confirmed': (f) => `${f.actor} confirmed the email address of ${f.target}`,
  'account.demo_created': (f) => `${f.actor} created the demo account of ${f.target}`,
  'account.closed': (f) => `${f.actor} closed the account of ${f.target}`,
  sign_in: (f) => `${f.actor} signed in`,
  'sign_in.oidc': (f) => `${f.actor} signed in through their organisation`,
  'sign_in.failed': (f) => `Someone failed to sign in as ${f.target}`,
  sign_out: (f) => `${f.actor} signed out`,
  'password_check.failed': (f) => `${f.actor} gave a wrong password when asked to confirm it`,
  'password.reset_requested': (f) => `${f.actor} asked for a link to reset the password of ${f.target}`,
  'password.reset': (f) => `${f.actor} reset the password of ${f.target}`,
  'api_token.created': (f) => `${f.actor} created an API token for ${f.target}`,
  'api_token.revoked': (f) => `${f.actor} revoked an API token of ${f.target}`,
  'audit.erased': (f) => `${f.actor} erased the personal details of ${f.target} from the audit trail`,
  'job.retried': (f) => `${f.actor} tried a stopped background job again`,
  // The approval process
  'proposal.created': (f) => `${f.actor} started ${f.target}`,
  'proposal.edited': (f) => `${f.actor} changed ${f.target}`,
  'proposal.submitted': (f) => `${f.actor} submitted ${f.target} for checking`,
  'proposal.sent_to_group': (f) => `${f.actor} put ${f.target} to the Credential Group`,
  'proposal.returned': (f) => `${f.actor} returned ${f.target} to its author`,
  'proposal.agreed': (f) => `${f.actor} recorded that the Credential Group agreed ${f.target}`,
  'proposal.declined': (f) => `${f.actor} recorded that the Credential Group declined ${f.target}`,
  'proposal.deferred': (f) => `${f.actor} recorded that the Credential Group deferred ${f.target}`,
  'proposal.reconsidered': (f) => `${f.actor} put ${f.target} back to the Credential Group`,
  'credential.expected_date_changed': (f) => `${f.actor} changed when ${f.target} is expected`,
  'credential.document_set': (f) => `${f.actor} recorded where the Centre published ${f.target}`,
  'credential.document_cleared': (f) =>
    `${f.actor} removed the link to where the Centre published ${f.target}`,
  'criteria.published': (f) => `${f.actor} published a new version of ${f.target}`,
  'specification.draft_saved': (f) => `${f.actor} saved a draft of ${f.target}`,
  'specification.submitted': (f) => `${f.actor} submitted ${f.target} for review`,
  'specification.version_started': (f) => `${f.actor} started a new version of ${f.target}`,
  'version.started': (f) => `${f.actor} started a new version of ${f.target}`,
  'review.assigned': (f) => `${f.actor} assigned a reviewer to ${f.target}`,
  'review.conflict_declared': (f) => `${f.actor} declared a conflict of interest in ${f.target}`,
  'review.no_conflict_declared': (f) => `${f.actor} declared no conflict of interest in ${f.target}`,
  'review.judgements_saved': (f) => `${f.actor} judged the endorsement criteria in ${f.target}`,
  'review.recommended': (f) => `${f.actor} made their recommendation in ${f.target}`,
  'specification.published': (f) => `${f.actor} endorsed and published ${f.target}`,
  'specification.decided': (f) => `${f.actor} decided not to endorse ${f.target} as it stands`,
  'specification.superseded': (f) => `${f.actor} marked ${f.target} as replaced by a newer version`,
  'endorsement.ended': (f) => `${f.actor} ended the endorsement of ${f.target}`,
  'endorsement.withdrawn': (f) => `${f.actor} withdrew the endorsement of ${f.target}`,
  'credential.review_interval_set': (f) => `${f.actor} set how often ${f.target} is reviewed`,
  'periodic_review.opened': (f) => `${f.actor} opened the periodic review of ${f.target}`,
  'periodic_review.reminder_sent': (f) => `${f.actor} reminded the Centre that ${f.target} is due for review`,
  'credential.withdrawn': (f) => `${f.actor} withdrew ${f.target}`,
  'recognition.started': (f) => `${f.actor} started ${f.target}`,
  'recognition.saved': (f) => `${f.actor} saved ${f.target}`,
  'recognition.submitted': (f) => `${f.actor} submitted ${f.target}`,
  // Providers, deliveries and awards
  'provider.registered': (f) => `${f.actor} registered ${f.target} as an education provider`,
  'provider.updated': (f) => `${f.actor} changed the details of ${f.target}`,
  'programme.added': (f) => `${f.actor} added ${f.target}`,
  'programme.updated': (f) => `${f.actor} changed ${f.target}`,
  'delivery.applied': (f) => `${f.actor} applied to deliver a credential (${f.target})`,
  'delivery.approved': (f) => `${f.actor} approved ${f.target}`,
  'delivery.approved_with_conditions': (f) => `${f.actor} approved ${f.target} with conditions`,
  'delivery.declined': (f) => `${f.actor} declined ${f.target}`,
  'delivery.suspended': (f) => `${f.actor} suspended ${f.target}`,
  'delivery.reinstated': (f) => `${f.actor} reinstated ${f.target}`,
  'delivery.withdrawn': (f) => `${f.actor} withdrew ${f.target}`,
  'quality_return.submitted': (f) => `${f.actor} submitted ${f.target}`,
  'quality_return.accepted': (f) => `${f.actor} accepted ${f.target}`,
  'quality_return.concern_raised': (f) => `${f.actor} raised a concern about ${f.target}`,
  'quality_return.reminder_sent': (f) => `${f.actor} reminded a provider that ${f.target} is due`,
  'learner.registered': (f) => `${f.actor} registered ${f.target} on a delivery`,
  'learner.eligibility_recorded': (f) => `${f.actor} recorded the eligibility of ${f.target}`,
  'award.made': (f) => `${f.actor} made ${f.target}`,
  'award.suspended': (f) => `${f.actor} suspended ${f.target}`,
  'award.reinstated': (f) => `${f.actor} reinstated ${f.target}`,
  'award.revoked': (f) => `${f.actor} revoked ${f.target}`,
  'awards.batch_saved': (f) => `${f.actor} saved a batch of awards from ${f.target}`,
  'award_import.queued': (f) => `${f.actor} uploaded ${f.target}`,
  'award_import.running': (f) => `${f.actor} started reading ${f.target}`,
  'award_import.completed': (f) => `${f.actor} finished ${f.target}`,
  'award_import.rejected': (f) => `${f.actor} rejected ${f.target} because of problems in the file`,
  'award_import.failed': (f) => `${f.actor} could not finish ${f.target}`,
  'issuer.key_rotated': (f) => `${f.actor} replaced the signing key of ${f.target}`,
  'issuer.key_compromised': (f) => `${f.actor} marked a signing key of ${f.target} as compromised`,
  // Practitioners
  'practitioner.profile_created': (f) => `${f.actor} created their practitioner profile`,
  'practitioner.profile_updated': (f) => `${f.actor} changed their practitioner profile`,
  'practitioner.directory_entry_changed': (f) => `${f.actor} changed their Advanced Practice Directory entry`,
  'practitioner.external_credential_added': (f) =>
    `${f.actor} added a credential from elsewhere to their portfolio`,
  'practitioner.external_credential_removed': (f) =>
    `${f.actor} removed a credential from elsewhere from their portfolio`,
  'practitioner.cpd_activity_added': (f) => `${f.actor} added a CPD activity to their portfolio`,
  'practitioner.cpd_activity_updated': (f) => `${f.actor} changed a CPD activity in their portfolio`,
  'practitioner.cpd_evidence_added': (f) => `${f.actor} added evidence to a CPD activity`,
  'practitioner.cpd_activity_removed': (f) => `${f.actor} removed a CPD activity from their portfolio`,
  'directory.employer_check': (f) => `${f.actor} made an employer check`,
} satisfies Record<string, Sentence>

export type KnownAuditAction = keyof typeof AUDIT_SENTENCES

/**
 * What recordAudit takes: a known action, or one a test writes to exercise the chain itself
 * (`test.…`), which the trail shows through the fallback like any code it does not know.
 */
export type AuditAction = KnownAuditAction | `test.${string}`

export const KNOWN_AUDIT_ACTIONS = Object.keys(AUDIT_SENTENCES).filter(isKnownAuditAction)

export function isKnownAuditAction(action: string): action is KnownAuditAction {
  return Object.hasOwn(AUDIT_SENTENCES, action)
}

/** "practitioner.cpd_activity_added" as "practitioner: cpd activity added", for codes we do not know. */
function codeInWords(action: string): string {
  const [head = '', ...rest] = action.split('.')
  const words = (part: string) => part.replace(/[_-]+/g, ' ').trim()
  return rest.length ? `${words(head)}: ${rest.map(words).join(', ')}` : words(head)
}

/** The event as a sentence; an action the service does not know reads as its code in words. */
export function auditSentence(action: string, facts: AuditFacts): string {
  if (isKnownAuditAction(action)) return `${AUDIT_SENTENCES[action](facts)}.`
  return `${facts.actor} recorded “${codeInWords(action)}” about ${facts.target}.`
}

/** A kind of record in words, for when nothing names the record itself. */
const ENTITY_NOUNS: Record<string, string> = {
  api_token: 'an API token',
  audit_event: 'an audit event',
  award: 'an award',
  award_import: 'an award upload',
  cpd_activity: 'a CPD activity',
  credential: 'a credential',
  criterion_set: 'the principles and criteria',
  delivery: 'a delivery',
  directory_entry: 'a directory entry',
  employer_check: 'an employer check',
  external_credential: 'a credential from elsewhere',
  invitation: 'an invitation',
  job: 'a background job',
  learner: 'a learner',
  name: 'a name',
  organisation: 'an organisation',
  practitioner: 'a practitioner',
  programme: 'a programme',
  proposal: 'a proposal',
  quality_return: 'a quality return',
  review_assignment: 'a review',
  specification_version: 'a specification version',
  user_account: 'an account',
}

export function entityNoun(entityType: string): string {
  return ENTITY_NOUNS[entityType] ?? `a record (${codeInWords(entityType)})`
}

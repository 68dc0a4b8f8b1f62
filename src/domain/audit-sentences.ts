// The audit trail in words: each action code the service writes, with its name for the trail's
// Action filter ("Role given") and as a sentence built from who did it and what it was done to
// ("Ada Lovelace gave Priya Shah the role Reviewer"). The codes are the keys of AUDIT_ACTIONS,
// and recordAudit only takes those, so a new action cannot be written without its words. The raw record (codes, ids, before and after) stays one click away.
import { isRole, roleLabel } from './accounts.ts'
import { isJudgement, JUDGEMENT_WORDS } from './gateway-check.ts'

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

/** ": “reason”" when the record gives a reason; nothing otherwise. */
const reasonIn = (value: unknown) => {
  const reason = field(value, 'reason')
  return reason === undefined ? '' : `: “${reason}”`
}

/** A name from the record in quotation marks, or "(no name recorded)". */
const quoted = (value: unknown, key: string) => {
  const name = field(value, key)
  return name === undefined ? '(no name recorded)' : `“${name}”`
}

export const AUDIT_ACTIONS = {
  // Accounts and access
  'role.granted': {
    label: 'Role given',
    sentence: (f) => `${f.actor} gave ${f.target} the role ${roleIn(f.after)}`,
  },
  'role.removed': {
    label: 'Role removed',
    sentence: (f) => `${f.actor} removed the role ${roleIn(f.before)} from ${f.target}`,
  },
  'invitation.created': {
    label: 'Invitation sent',
    sentence: (f) => `${f.actor} invited someone to the service with the role ${roleIn(f.after)}`,
  },
  'invitation.accepted': {
    label: 'Invitation accepted',
    sentence: (f) => `${f.actor} accepted an invitation`,
  },
  'account.created_from_invitation': {
    label: 'Account created from an invitation',
    sentence: (f) => `${f.actor} created an account from an invitation`,
  },
  'account.registered': { label: 'Account registered', sentence: (f) => `${f.actor} registered an account` },
  'account.registration_refused': {
    label: 'Registration refused: email address already used',
    sentence: (f) =>
      `${f.actor} tried to register with the email address of ${f.target}, which already has an account`,
  },
  'account.confirmation_resent': {
    label: 'Email confirmation link sent again',
    sentence: (f) => `${f.actor} sent ${f.target} a new link to confirm their email address`,
  },
  'account.email_confirmed': {
    label: 'Email address confirmed',
    sentence: (f) => `${f.actor} confirmed the email address of ${f.target}`,
  },
  'account.demo_created': {
    label: 'Demo account created',
    sentence: (f) => `${f.actor} created the demo account of ${f.target}`,
  },
  'account.closed': {
    label: 'Account closed',
    sentence: (f) => `${f.actor} closed the account of ${f.target}`,
  },
  sign_in: { label: 'Signed in', sentence: (f) => `${f.actor} signed in` },
  'sign_in.oidc': {
    label: 'Signed in through their organisation',
    sentence: (f) => `${f.actor} signed in through their organisation`,
  },
  'sign_in.failed': {
    label: 'Failed to sign in',
    sentence: (f) => `Someone failed to sign in as ${f.target}`,
  },
  sign_out: { label: 'Signed out', sentence: (f) => `${f.actor} signed out` },
  'password_check.failed': {
    label: 'Wrong password when confirming it',
    sentence: (f) => `${f.actor} gave a wrong password when asked to confirm it`,
  },
  'password.reset_requested': {
    label: 'Password reset link asked for',
    sentence: (f) => `${f.actor} asked for a link to reset the password of ${f.target}`,
  },
  'password.reset': {
    label: 'Password reset',
    sentence: (f) => `${f.actor} reset the password of ${f.target}`,
  },
  'api_token.created': {
    label: 'API token created',
    sentence: (f) => `${f.actor} created an API token for ${f.target}`,
  },
  'api_token.revoked': {
    label: 'API token revoked',
    sentence: (f) => `${f.actor} revoked an API token of ${f.target}`,
  },
  'audit.erased': {
    label: 'Personal details erased from the audit trail',
    sentence: (f) => `${f.actor} erased the personal details of ${f.target} from the audit trail`,
  },
  'job.retried': {
    label: 'Background job tried again',
    sentence: (f) => `${f.actor} tried a stopped background job again`,
  },
  // The approval process
  'proposal.created': { label: 'Proposal started', sentence: (f) => `${f.actor} started ${f.target}` },
  'proposal.edited': { label: 'Proposal changed', sentence: (f) => `${f.actor} changed ${f.target}` },
  'proposal.submitted': {
    label: 'Proposal submitted for checking',
    sentence: (f) => `${f.actor} submitted ${f.target} for checking`,
  },
  'proposal.criterion_judged': {
    label: 'Gateway criterion of a proposal judged',
    sentence: (f) => {
      const criterion = field(f.after, 'criterion')
      const judgement = field(f.after, 'judgement')
      const words =
        judgement !== undefined && isJudgement(judgement) ? JUDGEMENT_WORDS[judgement].text : undefined
      return `${f.actor} judged ${criterion ? `gateway criterion ${criterion}` : 'a gateway criterion'} of ${f.target}${words ? ` ${words.toLowerCase()}` : ''}`
    },
  },
  'proposal.sent_to_group': {
    label: 'Proposal put to the Credential Group',
    sentence: (f) => `${f.actor} put ${f.target} to the Credential Group`,
  },
  'proposal.returned': {
    label: 'Proposal returned to its author',
    sentence: (f) => `${f.actor} returned ${f.target} to its author`,
  },
  'proposal.agreed': {
    label: 'Proposal agreed by the Credential Group',
    sentence: (f) => `${f.actor} recorded that the Credential Group agreed ${f.target}`,
  },
  'proposal.declined': {
    label: 'Proposal declined by the Credential Group',
    sentence: (f) => `${f.actor} recorded that the Credential Group declined ${f.target}`,
  },
  'proposal.deferred': {
    label: 'Proposal deferred by the Credential Group',
    sentence: (f) => `${f.actor} recorded that the Credential Group deferred ${f.target}`,
  },
  'proposal.reconsidered': {
    label: 'Proposal put back to the Credential Group',
    sentence: (f) => `${f.actor} put ${f.target} back to the Credential Group`,
  },
  'group_meeting.created': {
    label: 'Credential Group meeting set',
    sentence: (f) => `${f.actor} set ${f.target} and its agenda`,
  },
  'group_meeting.written_procedure_started': {
    label: 'Proposal put to the Credential Group by written procedure',
    sentence: (f) => `${f.actor} put a proposal to the Credential Group by written procedure`,
  },
  'group_meeting.attendance_recorded': {
    label: 'Credential Group attendance recorded',
    sentence: (f) => `${f.actor} recorded who was present at ${f.target}`,
  },
  'group_meeting.minutes_saved': {
    label: 'Credential Group minutes saved',
    sentence: (f) => `${f.actor} saved the minutes of ${f.target}`,
  },
  'group_meeting.interest_declared': {
    label: 'Interest declared in a proposal',
    sentence: (f) => `${f.actor} recorded an interest declared in a proposal at ${f.target}`,
  },
  'group_meeting.vote_cast': {
    label: 'Vote cast on a proposal',
    sentence: (f) => `${f.actor} voted on a proposal at ${f.target}`,
  },
  'group_meeting.item_closed': {
    label: 'Credential Group agenda item closed',
    sentence: (f) => `${f.actor} closed an agenda item of ${f.target}, recording the group's decision`,
  },
  'group_meeting.closed': {
    label: 'Credential Group meeting closed',
    sentence: (f) => `${f.actor} closed ${f.target}`,
  },
  'credential.expected_date_changed': {
    label: 'Expected date of a credential changed',
    sentence: (f) => `${f.actor} changed when ${f.target} is expected`,
  },
  'credential.document_set': {
    label: 'Link to a published credential recorded',
    sentence: (f) => `${f.actor} recorded where the Centre published ${f.target}`,
  },
  'credential.document_cleared': {
    label: 'Link to a published credential removed',
    sentence: (f) => `${f.actor} removed the link to where the Centre published ${f.target}`,
  },
  'criteria.published': {
    label: 'Principles and criteria published',
    sentence: (f) => `${f.actor} published a new version of ${f.target}`,
  },
  'reference.published': {
    label: 'Reference content published',
    sentence: (f) => `${f.actor} published a new version of ${f.target}`,
  },
  'specification.draft_saved': {
    label: 'Specification draft saved',
    sentence: (f) => `${f.actor} saved a draft of ${f.target}`,
  },
  'specification.submitted': {
    label: 'Specification submitted for review',
    sentence: (f) => `${f.actor} submitted ${f.target} for review`,
  },
  'specification.version_started': {
    label: 'New specification version started',
    sentence: (f) => `${f.actor} started a new version of ${f.target}`,
  },
  'version.started': {
    label: 'New version started',
    sentence: (f) => `${f.actor} started a new version of ${f.target}`,
  },
  'review.assigned': {
    label: 'Reviewer assigned',
    sentence: (f) => `${f.actor} assigned a reviewer to ${f.target}`,
  },
  'review.conflict_declared': {
    label: 'Conflict of interest declared',
    sentence: (f) => `${f.actor} declared a conflict of interest in ${f.target}`,
  },
  'review.no_conflict_declared': {
    label: 'No conflict of interest declared',
    sentence: (f) => `${f.actor} declared no conflict of interest in ${f.target}`,
  },
  'review.judgements_saved': {
    label: 'Endorsement criteria judged',
    sentence: (f) => `${f.actor} judged the endorsement criteria in ${f.target}`,
  },
  'review.recommended': {
    label: 'Reviewer recommended',
    sentence: (f) => `${f.actor} made their recommendation in ${f.target}`,
  },
  'review.crosswalk_judged': {
    label: 'Crosswalk judged row by row',
    sentence: (f) => `${f.actor} judged the rows of the crosswalk in ${f.target}`,
  },
  'report.drafted': {
    label: 'Consolidated report drafted',
    sentence: (f) => `${f.actor} drafted the consolidated report of ${f.target} from the reviews`,
  },
  'report.saved': {
    label: 'Consolidated report edited',
    sentence: (f) => `${f.actor} edited the consolidated report of ${f.target}`,
  },
  'report.signed_off': {
    label: 'Consolidated report signed off',
    sentence: (f) => `${f.actor} signed off the consolidated report of ${f.target}`,
  },
  'specification.published': {
    label: 'Specification endorsed and published',
    sentence: (f) => `${f.actor} endorsed and published ${f.target}`,
  },
  'specification.decided': {
    label: 'Specification not endorsed as it stands',
    sentence: (f) => `${f.actor} decided not to endorse ${f.target} as it stands`,
  },
  'specification.superseded': {
    label: 'Specification replaced by a newer version',
    sentence: (f) => `${f.actor} marked ${f.target} as replaced by a newer version`,
  },
  'endorsement.ended': {
    label: 'Endorsement ended',
    sentence: (f) => `${f.actor} ended the endorsement of ${f.target}`,
  },
  'endorsement.withdrawn': {
    label: 'Endorsement withdrawn',
    sentence: (f) => `${f.actor} withdrew the endorsement of ${f.target}`,
  },
  'credential.review_interval_set': {
    label: 'Review interval set',
    sentence: (f) => `${f.actor} set how often ${f.target} is reviewed`,
  },
  'periodic_review.opened': {
    label: 'Periodic review opened',
    sentence: (f) => `${f.actor} opened the periodic review of ${f.target}`,
  },
  'periodic_review.reminder_sent': {
    label: 'Periodic review reminder sent',
    sentence: (f) => `${f.actor} reminded the Centre that ${f.target} is due for review`,
  },
  'credential.withdrawn': {
    label: 'Credential withdrawn',
    sentence: (f) => `${f.actor} withdrew ${f.target}`,
  },
  'recognition.started': {
    label: 'Application for recognition started',
    sentence: (f) => `${f.actor} started ${f.target}`,
  },
  'recognition.saved': {
    label: 'Application for recognition saved',
    sentence: (f) => `${f.actor} saved ${f.target}`,
  },
  'recognition.submitted': {
    label: 'Application for recognition submitted',
    sentence: (f) => `${f.actor} submitted ${f.target}`,
  },
  // Providers, deliveries and awards
  'provider.registered': {
    label: 'Education provider registered',
    sentence: (f) => `${f.actor} registered ${f.target} as an education provider`,
  },
  'provider.updated': {
    label: 'Provider details changed',
    sentence: (f) => `${f.actor} changed the details of ${f.target}`,
  },
  'programme.added': { label: 'Programme added', sentence: (f) => `${f.actor} added ${f.target}` },
  'programme.updated': { label: 'Programme changed', sentence: (f) => `${f.actor} changed ${f.target}` },
  'accreditation.applied': {
    label: 'Applied for programme accreditation',
    sentence: (f) => `${f.actor} applied for the Centre’s accreditation of a programme (${f.target})`,
  },
  'accreditation.assessor_assigned': {
    label: 'Accreditation assessor assigned',
    sentence: (f) => `${f.actor} assigned an assessor to ${f.target}`,
  },
  'accreditation.conflict_declared': {
    label: 'Assessor declared a conflict',
    sentence: (f) => `${f.actor} declared a conflict of interest in ${f.target}${reasonIn(f.after)}`,
  },
  'accreditation.no_conflict_declared': {
    label: 'Assessor declared no conflict',
    sentence: (f) => `${f.actor} declared no conflict of interest in ${f.target}`,
  },
  'accreditation.judged': {
    label: 'Accreditation standards judged',
    sentence: (f) => `${f.actor} judged standards of ${f.target}`,
  },
  'accreditation.review_completed': {
    label: 'Documentary review completed',
    sentence: (f) => `${f.actor} completed a documentary review of ${f.target}`,
  },
  'accreditation.panel_held': {
    label: 'Accreditation panel recorded',
    sentence: (f) => `${f.actor} recorded the panel on ${f.target}`,
  },
  'accreditation.question_asked': {
    label: 'Panel question put to the provider',
    sentence: (f) => `${f.actor} put a question from the panel on ${f.target}`,
  },
  'accreditation.question_answered': {
    label: 'Panel question answered',
    sentence: (f) => `${f.actor} answered a question from the panel on ${f.target}`,
  },
  'accreditation.decided': {
    label: 'Accreditation decided',
    sentence: (f) => `${f.actor} recorded the decision on ${f.target}`,
  },
  'accreditation.condition_met': {
    label: 'Accreditation condition met',
    sentence: (f) => `${f.actor} recorded a condition of ${f.target} as met`,
  },
  'accreditation.application_withdrawn': {
    label: 'Accreditation application withdrawn',
    sentence: (f) => `${f.actor} withdrew ${f.target}${reasonIn(f.after)}`,
  },
  'accreditation.accreditation_withdrawn': {
    label: 'Accreditation withdrawn',
    sentence: (f) => `${f.actor} withdrew the accreditation of ${f.target}${reasonIn(f.after)}`,
  },
  'accreditation.period_ended': {
    label: 'Accreditation period ended',
    sentence: (f) => `${f.actor} recorded the end of the accreditation period of ${f.target}`,
  },
  'accreditation.reminder_sent': {
    label: 'Re-accreditation reminder sent',
    sentence: (f) => `${f.actor} reminded the provider to apply for re-accreditation of ${f.target}`,
  },
  'delivery.applied': {
    label: 'Applied to deliver a credential',
    sentence: (f) => `${f.actor} applied to deliver a credential (${f.target})`,
  },
  'delivery.approved': { label: 'Delivery approved', sentence: (f) => `${f.actor} approved ${f.target}` },
  'delivery.approved_with_conditions': {
    label: 'Delivery approved with conditions',
    sentence: (f) => `${f.actor} approved ${f.target} with conditions`,
  },
  'delivery.declined': { label: 'Delivery declined', sentence: (f) => `${f.actor} declined ${f.target}` },
  'delivery.suspended': { label: 'Delivery suspended', sentence: (f) => `${f.actor} suspended ${f.target}` },
  'delivery.reinstated': {
    label: 'Delivery reinstated',
    sentence: (f) => `${f.actor} reinstated ${f.target}`,
  },
  'delivery.withdrawn': { label: 'Delivery withdrawn', sentence: (f) => `${f.actor} withdrew ${f.target}` },
  'quality_return.submitted': {
    label: 'Quality return submitted',
    sentence: (f) => `${f.actor} submitted ${f.target}`,
  },
  'quality_return.accepted': {
    label: 'Quality return accepted',
    sentence: (f) => `${f.actor} accepted ${f.target}`,
  },
  'quality_return.concern_raised': {
    label: 'Concern raised about a quality return',
    sentence: (f) => `${f.actor} raised a concern about ${f.target}`,
  },
  'quality_return.reminder_sent': {
    label: 'Quality return reminder sent',
    sentence: (f) => `${f.actor} reminded a provider that ${f.target} is due`,
  },
  'learner.registered': {
    label: 'Learner registered',
    sentence: (f) => `${f.actor} registered ${f.target} on a delivery`,
  },
  'learner.eligibility_recorded': {
    label: 'Learner eligibility recorded',
    sentence: (f) => `${f.actor} recorded the eligibility of ${f.target}`,
  },
  'award.made': { label: 'Award made', sentence: (f) => `${f.actor} made ${f.target}` },
  'award.suspended': { label: 'Award suspended', sentence: (f) => `${f.actor} suspended ${f.target}` },
  'award.reinstated': { label: 'Award reinstated', sentence: (f) => `${f.actor} reinstated ${f.target}` },
  'award.revoked': { label: 'Award revoked', sentence: (f) => `${f.actor} revoked ${f.target}` },
  'award.wallet_offered': {
    label: 'Award offered to a wallet',
    sentence: (f) => `${f.actor} asked for an offer of ${f.target} to a digital wallet`,
  },
  'award.wallet_issued': {
    label: 'Award issued to a wallet',
    sentence: (f) => `${f.actor} received ${f.target} in a digital wallet, bound to its key`,
  },
  'awards.batch_saved': {
    label: 'Batch of awards saved',
    sentence: (f) => `${f.actor} saved a batch of awards from ${f.target}`,
  },
  'award_import.queued': { label: 'Award file uploaded', sentence: (f) => `${f.actor} uploaded ${f.target}` },
  'award_import.running': {
    label: 'Award file being read',
    sentence: (f) => `${f.actor} started reading ${f.target}`,
  },
  'award_import.completed': {
    label: 'Award upload finished',
    sentence: (f) => `${f.actor} finished ${f.target}`,
  },
  'award_import.rejected': {
    label: 'Award upload rejected',
    sentence: (f) => `${f.actor} rejected ${f.target} because of problems in the file`,
  },
  'award_import.failed': {
    label: 'Award upload failed',
    sentence: (f) => `${f.actor} could not finish ${f.target}`,
  },
  'issuer.key_rotated': {
    label: 'Signing key replaced',
    sentence: (f) => `${f.actor} replaced the signing key of ${f.target}`,
  },
  'issuer.key_compromised': {
    label: 'Signing key marked as compromised',
    sentence: (f) => `${f.actor} marked a signing key of ${f.target} as compromised`,
  },
  // Consultations
  'consultation.created': {
    label: 'Consultation drafted',
    sentence: (f) => `${f.actor} drafted ${f.target}`,
  },
  'consultation.updated': {
    label: 'Consultation draft changed',
    sentence: (f) => `${f.actor} changed the details of ${f.target}`,
  },
  'consultation.question_added': {
    label: 'Consultation question added',
    sentence: (f) => `${f.actor} added a question to ${f.target}`,
  },
  'consultation.question_changed': {
    label: 'Consultation question changed',
    sentence: (f) => `${f.actor} changed a question of ${f.target}`,
  },
  'consultation.question_removed': {
    label: 'Consultation question removed',
    sentence: (f) => `${f.actor} removed a question from ${f.target}`,
  },
  'consultation.question_moved': {
    label: 'Consultation question moved',
    sentence: (f) => `${f.actor} changed the order of the questions of ${f.target}`,
  },
  'consultation.published': {
    label: 'Consultation published',
    sentence: (f) => `${f.actor} published ${f.target}`,
  },
  'consultation.close_extended': {
    label: 'Consultation closing date extended',
    sentence: (f) => `${f.actor} moved the closing date of ${f.target} later`,
  },
  // Workforce need
  'workforce_need.recorded': {
    label: 'Workforce need recorded',
    sentence: (f) => `${f.actor} recorded the workforce need for ${field(f.after, 'need') ?? f.target}`,
  },
  'workforce_need.changed': {
    label: 'Workforce need changed',
    sentence: (f) =>
      `${f.actor} changed the workforce need for ${field(f.after, 'need') ?? f.target}${reasonIn(f.after)}`,
  },
  'workforce_need.removed': {
    label: 'Workforce need removed',
    sentence: (f) =>
      `${f.actor} removed the workforce need for ${field(f.after, 'need') ?? f.target}${reasonIn(f.after)}`,
  },
  'consultation_response.submitted': {
    label: 'Consultation response sent',
    sentence: (f) => `${f.actor} sent ${f.target}`,
  },
  'consultation_response.confirmed': {
    label: 'Consultation response confirmed',
    sentence: (f) => `${f.actor} confirmed the email address of ${f.target}, which now counts`,
  },
  'consultation_response.changed': {
    label: 'Consultation response changed',
    sentence: (f) => `${f.actor} changed ${f.target}`,
  },
  'consultation_response.duplicate_refused': {
    label: 'Second consultation response from one address not counted',
    sentence: (f) =>
      `${f.actor} responded again from the address of ${f.target}; only the first counts, and a link to change it was sent`,
  },
  // Practitioners
  'practitioner.profile_created': {
    label: 'Practitioner profile created',
    sentence: (f) => `${f.actor} created their practitioner profile`,
  },
  'practitioner.profile_updated': {
    label: 'Practitioner profile changed',
    sentence: (f) => `${f.actor} changed their practitioner profile`,
  },
  'practitioner.directory_entry_changed': {
    label: 'Directory entry changed',
    sentence: (f) => `${f.actor} changed their Advanced Practice Directory entry`,
  },
  'practitioner.external_credential_added': {
    label: 'Credential from elsewhere added',
    sentence: (f) => `${f.actor} added a credential from elsewhere to their portfolio`,
  },
  'practitioner.external_credential_removed': {
    label: 'Credential from elsewhere removed',
    sentence: (f) => `${f.actor} removed a credential from elsewhere from their portfolio`,
  },
  'practitioner.cpd_activity_added': {
    label: 'CPD activity added',
    sentence: (f) => `${f.actor} added a CPD activity to their portfolio`,
  },
  'practitioner.cpd_activity_updated': {
    label: 'CPD activity changed',
    sentence: (f) => `${f.actor} changed a CPD activity in their portfolio`,
  },
  'practitioner.cpd_evidence_added': {
    label: 'CPD evidence added',
    sentence: (f) => `${f.actor} added evidence to a CPD activity`,
  },
  'practitioner.clr_downloaded': {
    label: 'Comprehensive Learner Record downloaded',
    sentence: (f) =>
      `${f.actor} downloaded their Comprehensive Learner Record (their awards and CPD, signed)`,
  },
  'practitioner.cpd_activity_removed': {
    label: 'CPD activity removed',
    sentence: (f) => `${f.actor} removed a CPD activity from their portfolio`,
  },
  'directory.employer_check': {
    label: 'Employer check made',
    sentence: (f) => `${f.actor} made an employer check`,
  },
  // Consultations: reading responses and publishing the outcome
  'consultation.answer_hidden': {
    label: 'Consultation answer hidden',
    sentence: (f) => `${f.actor} hid an answer to a consultation as abusive${reasonIn(f.after)}`,
  },
  'consultation.comment_hidden': {
    label: 'Consultation comment hidden',
    sentence: (f) => `${f.actor} hid a comment on a consultation as abusive${reasonIn(f.after)}`,
  },
  'consultation.theme_created': {
    label: 'Consultation theme added',
    sentence: (f) => `${f.actor} added the theme ${quoted(f.after, 'name')} to a consultation`,
  },
  'consultation.theme_changed': {
    label: 'Consultation theme changed',
    sentence: (f) => `${f.actor} changed the theme ${quoted(f.after, 'name')} of a consultation`,
  },
  'consultation.tagged': {
    label: 'Consultation theme given',
    sentence: (f) => `${f.actor} gave ${f.target} the theme ${quoted(f.after, 'theme')}`,
  },
  'consultation.untagged': {
    label: 'Consultation theme taken off',
    sentence: (f) => `${f.actor} took the theme ${quoted(f.after, 'theme')} off ${f.target}`,
  },
  'consultation.outcome_published': {
    label: 'Consultation outcome published',
    sentence: (f) => `${f.actor} published the outcome of the consultation ${quoted(f.after, 'title')}`,
  },
  // The ePortfolio (supported) route
  'eportfolio.registered': {
    label: 'Registered for the ePortfolio route',
    sentence: (f) => `${f.actor} registered for the ePortfolio route`,
  },
  'eportfolio.supervisor_invited': {
    label: 'Supervisor invited to an ePortfolio',
    sentence: (f) => `${f.actor} invited ${quoted(f.after, 'name')} to supervise ${f.target}`,
  },
  'eportfolio.supervision_accepted': {
    label: 'Supervision of an ePortfolio accepted',
    sentence: (f) => `${f.actor} became the supervisor of ${f.target}`,
  },
  'eportfolio.evidence_added': {
    label: 'Evidence added to an ePortfolio',
    sentence: (f) => `${f.actor} added evidence to ${f.target}`,
  },
  'eportfolio.evidence_removed': {
    label: 'Evidence removed from an ePortfolio',
    sentence: (f) => `${f.actor} removed evidence from ${f.target}`,
  },
  'eportfolio.testimonial_confirmed': {
    label: 'Testimonial confirmed',
    sentence: (f) => `${f.actor} confirmed a testimonial in ${f.target}`,
  },
  'eportfolio.evidence_viewed': {
    label: 'Evidence in an ePortfolio viewed',
    sentence: (f) => `${f.actor} viewed the evidence in ${f.target}`,
  },
  'eportfolio.commented': {
    label: 'Supervisor commented on an ePortfolio',
    sentence: (f) => `${f.actor} commented on ${f.target}`,
  },
  'eportfolio.signed_off': {
    label: 'An ePortfolio signed off',
    sentence: (f) => `${f.actor} signed off ${f.target} as ready`,
  },
  'eportfolio.submitted': {
    label: 'An ePortfolio submitted',
    sentence: (f) => `${f.actor} submitted ${f.target}`,
  },
  'eportfolio.assessor_assigned': {
    label: 'Assessor assigned to an ePortfolio',
    sentence: (f) => `${f.actor} assigned ${quoted(f.after, 'assessor')} to assess ${f.target}`,
  },
  'eportfolio.conflict_declared': {
    label: 'Assessor declared interests in an ePortfolio',
    sentence: (f) => `${f.actor} declared their interests in ${f.target}`,
  },
  'eportfolio.judged': {
    label: 'Capabilities of an ePortfolio judged',
    sentence: (f) => `${f.actor} judged capabilities of ${f.target}`,
  },
  'eportfolio.assessment_completed': {
    label: 'Assessment of an ePortfolio completed',
    sentence: (f) => `${f.actor} completed their assessment of ${f.target}`,
  },
  'eportfolio.moderated': {
    label: 'An ePortfolio moderated',
    sentence: (f) => `${f.actor} moderated a capability of ${f.target}`,
  },
  'eportfolio.decided': {
    label: 'Outcome of an ePortfolio decided',
    sentence: (f) => `${f.actor} decided the outcome of ${f.target}${reasonIn(f.after)}`,
  },
  'eportfolio.reminder_sent': {
    label: 'Reminder of an ePortfolio deadline sent',
    sentence: (f) => `${f.actor} sent a reminder of a deadline of ${f.target}`,
  },
  'eportfolio.extension_requested': {
    label: 'Extension of an ePortfolio deadline requested',
    sentence: (f) => `${f.actor} asked for more time on ${f.target}${reasonIn(f.after)}`,
  },
  'eportfolio.extension_decided': {
    label: 'Extension of an ePortfolio deadline decided',
    sentence: (f) => `${f.actor} decided a request for more time on ${f.target}${reasonIn(f.after)}`,
  },
  'eportfolio.withdrawn': {
    label: 'An ePortfolio withdrawn',
    sentence: (f) => `${f.actor} withdrew ${f.target}${reasonIn(f.after)}`,
  },
} satisfies Record<string, { label: string; sentence: Sentence }>

export type KnownAuditAction = keyof typeof AUDIT_ACTIONS

/**
 * What recordAudit takes: a known action, or one a test writes to exercise the chain itself
 * (`test.…`), which the trail shows through the fallback like any code it does not know.
 */
export type AuditAction = KnownAuditAction | `test.${string}`

export const KNOWN_AUDIT_ACTIONS = Object.keys(AUDIT_ACTIONS).filter(isKnownAuditAction)

export function isKnownAuditAction(action: string): action is KnownAuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action)
}

/** "practitioner.cpd_activity_added" as "practitioner: cpd activity added", for codes we do not know. */
function codeInWords(action: string): string {
  const [head = '', ...rest] = action.split('.')
  const words = (part: string) => part.replace(/[_-]+/g, ' ').trim()
  return rest.length ? `${words(head)}: ${rest.map(words).join(', ')}` : words(head)
}

/** The event as a sentence; an action the service does not know reads as its code in words. */
export function auditSentence(action: string, facts: AuditFacts): string {
  if (isKnownAuditAction(action)) return `${AUDIT_ACTIONS[action].sentence(facts)}.`
  return `${facts.actor} recorded “${codeInWords(action)}” about ${facts.target}.`
}

/** The action's name, as the Action filter lists it: "Signed in"; a code we do not know, in words. */
export function auditActionLabel(action: string): string {
  if (isKnownAuditAction(action)) return AUDIT_ACTIONS[action].label
  const words = codeInWords(action)
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A kind of record in words, for when nothing names the record itself. */
const ENTITY_NOUNS: Record<string, string> = {
  api_token: 'an API token',
  audit_event: 'an audit event',
  award: 'an award',
  award_import: 'an award upload',
  consultation: 'a consultation',
  consultation_answer: 'an answer to a consultation',
  consultation_comment: 'a comment on a consultation',
  consultation_theme: 'a consultation theme',
  consultation_response: 'a response to a consultation',
  cpd_activity: 'a CPD activity',
  credential: 'a credential',
  criterion_set: 'the principles and criteria',
  delivery: 'a delivery',
  directory_entry: 'a directory entry',
  employer_check: 'an employer check',
  eportfolio: 'an ePortfolio',
  external_credential: 'a credential from elsewhere',
  group_meeting: 'a Credential Group meeting',
  invitation: 'an invitation',
  job: 'a background job',
  learner: 'a learner',
  name: 'a name',
  organisation: 'an organisation',
  practitioner: 'a practitioner',
  programme: 'a programme',
  programme_accreditation: 'an application for programme accreditation',
  proposal: 'a proposal',
  quality_return: 'a quality return',
  reference_version: 'the reference content',
  review_assignment: 'a review',
  specification_version: 'a specification version',
  user_account: 'an account',
  workforce_need: 'a workforce need',
}

export function entityNoun(entityType: string): string {
  return ENTITY_NOUNS[entityType] ?? `a record (${codeInWords(entityType)})`
}

// Row types as the database holds them (snake_case). Services map them to domain types.
// A column a CHECK constraint limits to a list is typed as the domain's union of that list.
// Unions for columns without a CHECK (job.kind, cpd_activity.activity_type) hold because every
// writer writes one of the union's values.
import type { ColumnType, Generated, GeneratedAlways } from 'kysely'
import type { AccountStatus, OrganisationKind, Role, TokenPurpose } from '../domain/accounts.ts'
import type { BatchOutcome } from '../domain/award-rows.ts'
import type { CredentialStatus, InterventionType, Origin, Season } from '../domain/catalogue.ts'
import type { PeriodicReviewOutcome } from '../domain/credential-lifecycle.ts'
import type { CriterionKind } from '../domain/criteria.ts'
import type { ReferenceKind } from '../domain/reference-content.ts'
import type { ImportSource, ImportState } from '../domain/import-progress.ts'
import type { JobKind, JobState } from '../domain/jobs.ts'
import type { MailStatus } from '../domain/mail.ts'
import type { ActivityType, HolderMatch } from '../domain/practitioners.ts'
import type {
  AccreditationStatus,
  AwardStatus,
  AwardStatusReason,
  DeliveryMode,
  DeliveryState,
  EligibilityBasis,
  ProviderKind,
  Region,
  ReturnState,
} from '../domain/providers.ts'
import type { MeetingKind, MeetingState, Vote } from '../domain/group-meetings.ts'
import type { NeedVersionKind } from '../domain/workforce-need.ts'
import type {
  AccreditationDecision,
  AccreditationState,
  ApplicationKind,
  Conflict as AccreditationConflict,
  StandardJudgement,
} from '../domain/programme-accreditation.ts'
import type {
  Capacity,
  ConsultationState,
  ConsultationSubject,
  PublicationChoice,
  QuestionKind,
  ResponseTokenPurpose,
} from '../domain/consultations.ts'
import type { GroupOutcome, ProposalState } from '../domain/proposal-lifecycle.ts'
import type { ReportContent } from '../domain/consolidated-report.ts'
import type { RowJudgement } from '../domain/recognition.ts'
import type {
  CapabilityMark,
  EportfolioState,
  EportfolioTokenPurpose,
  EvidenceKind,
  ExtensionState,
  TestimonialState,
} from '../domain/eportfolio.ts'
import type {
  Conflict,
  Decision,
  Judgement,
  Recommendation,
  VersionKind,
  VersionState,
} from '../domain/specification-lifecycle.ts'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
// JSON columns with a database default may be left out of an insert.
type Json<T> = ColumnType<T, string | undefined, string>

export interface ClinicalAreaTable {
  id: GeneratedAlways<number>
  slug: string
  name: string
  note: string | null
  sort_order: Generated<number>
}

export interface CatalogueSnapshotTable {
  code: string
  /** The name of the document the snapshot is, such as a web page's title and publisher. */
  title: string
  /** The date as words, kept from the first seed; the dated_ columns are the date as data. */
  observed: string
  dated_year: number | null
  dated_season: Season | null
  dated_approximate: Generated<boolean>
  sort_order: number
}

export interface CredentialTable {
  id: Generated<string>
  slug: string
  title: string
  clinical_area_id: number
  type: InterventionType
  status: CredentialStatus
  due_season: Season | null
  due_year: number | null
  level: number | null
  origin: Origin
  owner_name: string | null
  owner_url: string | null
  summary: string | null
  notes: Json<string[]>
  /** Where the Centre published a specification not held here (both or neither). */
  document_url: ColumnType<string | null, string | null | undefined, string | null>
  document_title: ColumnType<string | null, string | null | undefined, string | null>
  /** Title, owner and notes folded for search (catalogue_fold); the database computes it. */
  search_text: GeneratedAlways<string>
  listed: Generated<boolean>
  lead_author_id: string | null
  review_interval_months: number | null
  /** A calendar date, as 'YYYY-MM-DD'. */
  next_review_due: ColumnType<string | null, string | null | undefined, string | null>
  /**
   * For a credential the Centre endorsed before the platform (the seeded catalogue): the day
   * its periodic review counts from, the first day its source's date allows. 'YYYY-MM-DD'.
   */
  endorsed_on: ColumnType<string | null, string | null | undefined, string | null>
  row_version: Generated<number>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface CredentialStatusEventTable {
  id: GeneratedAlways<number>
  credential_id: string
  status: CredentialStatus
  due_season: Season | null
  due_year: number | null
  snapshot_code: string | null
  reason: string | null
  recorded_by: string
  recorded_at: Timestamp
}

export interface CriterionSetTable {
  id: GeneratedAlways<number>
  kind: CriterionKind
  version: number
  source: string
  created_at: Timestamp
}

export interface CriterionTable {
  id: GeneratedAlways<number>
  criterion_set_id: number
  code: string
  parent_code: string | null
  title: string | null
  statement: string
  guidance: Json<string[]>
  note: string | null
  sort_order: number
}

export interface FrameworkPillarTable {
  code: string
  name: string
  sort_order: number
}

export interface FrameworkCapabilityTable {
  code: string
  pillar_code: string
  label: string
  sort_order: number
  /** Set when a version of the framework retired it; its number is never reused. */
  retired_at: Timestamp | null
}

export interface ProfessionTable {
  name: string
  sort_order: number
}

/** A version of one kind of reference content: its whole content, as the domain reads it. */
export interface ReferenceVersionTable {
  id: Generated<number>
  kind: ReferenceKind
  version: number
  summary: string
  published_by: string | null
  /** Who published it, as the public history says: "Centre admin", or "The Centre" for version 1. */
  published_by_role: string
  published_at: Timestamp
  content: Json<unknown>
}

/** A document file the Centre uploaded; served only once a published version names it. */
export interface ReferenceFileTable {
  id: Generated<string>
  filename: string
  content_type: string
  size_bytes: number
  sha256: string
  content: Uint8Array
  uploaded_by: string | null
  uploaded_at: Timestamp
  published_at: Timestamp | null
}

export interface OrganisationTable {
  id: Generated<string>
  name: string
  kind: OrganisationKind
  created_at: Timestamp
  /** UK Provider Reference Number: eight digits starting with 1. */
  ukprn: string | null
  provider_kind: ProviderKind | null
  region: Region | null
  website: string | null
  row_version: Generated<number>
}

export interface UserAccountTable {
  id: Generated<string>
  email: string
  display_name: string
  password_hash: string | null
  email_verified_at: Date | null
  status: Generated<AccountStatus>
  is_demo: Generated<boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RoleGrantTable {
  id: Generated<string>
  user_id: string
  role: Role
  organisation_id: string | null
  granted_by: string | null
  granted_at: Timestamp
}

export interface SessionTable {
  id: string
  user_id: string | null
  csrf_token: string
  data: Json<Record<string, unknown>>
  created_at: Timestamp
  last_seen_at: Timestamp
}

export interface OneTimeTokenTable {
  id: Generated<string>
  purpose: TokenPurpose
  token_hash: string
  user_id: string | null
  email: string
  display_name: string | null
  role: Role | null
  organisation_id: string | null
  created_by: string | null
  created_at: Timestamp
  expires_at: Date
  used_at: Date | null
}

export interface EmailOutboxTable {
  id: Generated<string>
  to_address: string
  subject: string
  body_text: string
  status: Generated<MailStatus>
  attempts: Generated<number>
  next_attempt_at: Timestamp
  last_error: string | null
  created_at: Timestamp
  sent_at: Date | null
}

export interface JobTable {
  id: Generated<string>
  kind: JobKind
  payload: Json<Record<string, unknown>>
  key: string | null
  state: Generated<JobState>
  attempts: Generated<number>
  max_attempts: Generated<number>
  run_after: Timestamp
  locked_by: string | null
  locked_until: Date | null
  last_error: string | null
  repeat_seconds: number | null
  created_at: Timestamp
  updated_at: Timestamp
  finished_at: Date | null
}

export interface ApiTokenTable {
  id: Generated<string>
  organisation_id: string
  name: string
  token_prefix: string
  token_hash: string
  created_by: string | null
  created_at: Timestamp
  last_used_at: Date | null
  revoked_at: Date | null
  revoked_by: string | null
}

export interface SignInAttemptTable {
  id: GeneratedAlways<number>
  account_key: string
  address: string
  succeeded: boolean
  attempted_at: Timestamp
}

export interface AuditEventTable {
  id: GeneratedAlways<number>
  occurred_at: Date
  actor_user_id: string | null
  actor_label: string
  action: string
  entity_type: string
  entity_id: string | null
  ip: string | null
  before: Json<unknown> | null
  after: Json<unknown> | null
  prev_hash: string
  hash: string
  hash_version: Generated<number>
  actor_label_salt: string | null
  actor_label_digest: string | null
  content_salt: string | null
  content_digest: string | null
}

/** Who took part in a Credential Group decision. */
export interface Participant {
  id: string
  name: string
}

/** A reviewer's judgement of one endorsement criterion, keyed by criterion code. */
export interface StoredJudgement {
  judgement: Judgement
  comment: string
}

export interface ProposalTable {
  id: Generated<string>
  number: GeneratedAlways<number>
  author_id: string
  clinical_area_id: number | null
  title: string
  need: Generated<string>
  target_professions: Json<string[]>
  evidence: Generated<string>
  gateway_set_id: number
  gateway_answers: Json<Record<string, string>>
  state: ProposalState
  check_note: string | null
  decision_reason: string | null
  decision_participants: Json<Participant[]>
  decided_by: string | null
  decided_at: Date | null
  credential_id: string | null
  submitted_at: Date | null
  /** How many times the proposal has been submitted: each judgement keeps the one it was made on. */
  submissions: Generated<number>
  row_version: Generated<number>
  created_at: Timestamp
  updated_at: Timestamp
}

/** A Credential Group meeting, or a written procedure between meetings. */
export interface GroupMeetingTable {
  id: Generated<string>
  number: GeneratedAlways<number>
  kind: MeetingKind
  /** The meeting's day in Europe/London (a written procedure: the day it opened). */
  meets_on: ColumnType<string, string, string>
  /** "14:30", in Europe/London. */
  starts_at: string
  /** A written procedure's last day of voting; null for a meeting. */
  closes_on: ColumnType<string | null, string | null | undefined, string | null>
  minutes: Generated<string>
  state: ColumnType<MeetingState, MeetingState | undefined, MeetingState>
  created_by: string
  created_at: Timestamp
  closed_at: Date | null
  row_version: Generated<number>
}

export interface GroupMeetingItemTable {
  id: Generated<string>
  meeting_id: string
  proposal_id: string
  position: number
  outcome: GroupOutcome | null
  closed_by: string | null
  closed_at: Date | null
  row_version: Generated<number>
}

export interface GroupMeetingAttendanceTable {
  meeting_id: string
  member_id: string
}

export interface GroupInterestTable {
  item_id: string
  member_id: string
  interest: string
  declared_by: string
  declared_at: Timestamp
}

export interface GroupVoteTable {
  item_id: string
  member_id: string
  vote: Vote
  reason: string
  voted_at: Timestamp
}

/** A Centre admin's judgement of one gateway criterion of a proposal, on one submission. */
export interface ProposalGatewayJudgementTable {
  proposal_id: string
  criterion_code: string
  judgement: Judgement
  reason: string
  submission: number
  judged_by: string
  judged_at: Date
}

export interface SpecificationVersionTable {
  id: Generated<string>
  credential_id: string
  number: number
  kind: VersionKind
  author_id: string
  state: VersionState
  /** SpecificationContent or RecognitionContent from domain/specification-content.ts. */
  content: Json<unknown>
  criterion_set_id: number | null
  report: string | null
  decision: Decision | null
  decision_conditions: string | null
  decided_by: string | null
  decided_at: Date | null
  submitted_at: Date | null
  published_at: Date | null
  row_version: Generated<number>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ReviewAssignmentTable {
  id: Generated<string>
  version_id: string
  reviewer_id: string
  conflict: Generated<Conflict>
  conflict_note: string | null
  judgements: Json<Record<string, StoredJudgement>>
  /** A recognition's crosswalk rows judged, by the row's code. */
  row_judgements: Json<Record<string, RowJudgement>>
  recommendation: Recommendation | null
  recommendation_comment: string | null
  assigned_by: string
  assigned_at: Timestamp
  declared_at: Date | null
  completed_at: Date | null
  row_version: Generated<number>
}

export interface ConsolidatedReportTable {
  id: Generated<string>
  version_id: string
  content: Json<ReportContent>
  drafted_by: string
  drafted_at: Date
  signed_off_by: string | null
  signed_off_at: Date | null
  row_version: Generated<number>
  updated_at: Timestamp
}

export interface PeriodicReviewTable {
  id: Generated<string>
  credential_id: string
  due_date: ColumnType<string, string, string>
  opened_by: string
  opened_at: Timestamp
  outcome: PeriodicReviewOutcome | null
  reason: string | null
  closed_at: Date | null
}

export interface ReviewReminderTable {
  credential_id: string
  due_date: ColumnType<string, string, string>
  /** Days from the reminder's day to the due date: 90, 30, 7 before, 0 on the day, negative for the monthly ones after. */
  days_before: number
  sent_at: Timestamp
}

export interface CredentialEventTable {
  id: GeneratedAlways<number>
  credential_id: string | null
  proposal_id: string | null
  version_number: number | null
  action: string
  summary: string
  reason: string | null
  actor_id: string | null
  actor_label: string
  occurred_at: Timestamp
}

export interface ProgrammeTable {
  id: Generated<string>
  organisation_id: string
  title: string
  /** The provider's own declaration from before the Centre accredited programmes: not confirmed. */
  accreditation_status: ColumnType<
    AccreditationStatus | null,
    AccreditationStatus | null | undefined,
    AccreditationStatus | null
  >
  accredited_from: ColumnType<string | null, string | null | undefined, string | null>
  accredited_until: ColumnType<string | null, string | null | undefined, string | null>
  created_at: Timestamp
  row_version: Generated<number>
}

/** A provider's application for the Centre's accreditation of a programme, and its outcome. */
export interface ProgrammeAccreditationTable {
  id: Generated<string>
  programme_id: string
  organisation_id: string
  kind: ApplicationKind
  state: AccreditationState
  criterion_set_id: number
  award_title: string
  routes: string
  modes: Json<DeliveryMode[]>
  intake: number
  /** The provider's answer to each standard, by the standard's code. */
  answers: Json<Record<string, string>>
  applied_on: string
  applied_by: string | null
  panel_held_on: string | null
  panel_members: Json<string[]> | null
  panel_notes: string | null
  decision: AccreditationDecision | null
  decided_on: string | null
  period_from: string | null
  period_until: string | null
  decision_reason: string | null
  withdrawn_on: string | null
  withdrawal_reason: string | null
  row_version: Generated<number>
  created_at: Timestamp
  updated_at: Timestamp
}

/** The Centre-endorsed credentials a programme embeds as modules, as its application says. */
export interface ProgrammeAccreditationCredentialTable {
  accreditation_id: string
  credential_id: string
}

/** An assessor's documentary review of an application: each standard judged, by its code. */
export interface AccreditationAssessmentTable {
  accreditation_id: string
  assessor_id: string
  conflict: Generated<AccreditationConflict>
  conflict_note: string | null
  judgements: Json<Record<string, StandardJudgement>>
  assigned_on: string
  completed_on: string | null
  row_version: Generated<number>
}

/** A question the panel put to the provider, and the provider's answer. */
export interface AccreditationQuestionTable {
  id: Generated<number>
  accreditation_id: string
  position: number
  question: string
  asked_on: string
  answer: string | null
  answered_on: string | null
}

/** A condition of an accreditation, and the evidence it was met with. */
export interface AccreditationConditionTable {
  id: Generated<number>
  accreditation_id: string
  position: number
  condition: string
  due_on: string
  met_on: string | null
  evidence: string | null
}

/** One step on an application's timeline. */
export interface AccreditationEventTable {
  id: Generated<string>
  accreditation_id: string
  action: string
  summary: string
  reason: string | null
  actor_id: string | null
  actor_label: string
  occurred_at: Timestamp
}

/** A re-accreditation reminder sent, one per period before the end of an accreditation. */
export interface AccreditationReminderTable {
  accreditation_id: string
  days_before: number
  sent_on: string
}

export interface DeliveryTable {
  id: Generated<string>
  organisation_id: string
  specification_version_id: string
  credential_id: string
  programme_id: string | null
  state: DeliveryState
  mode: DeliveryMode
  start_date: ColumnType<string, string, string>
  expected_cohort: number
  assessment: string
  conditions: string | null
  decision_note: string | null
  decided_by: string | null
  decided_at: Date | null
  suspended_reason: string | null
  applied_by: string | null
  applied_at: Timestamp
  row_version: Generated<number>
}

/** A delivery's states over time, each from when it took effect: what awards are checked against. */
export interface DeliveryStateChangeTable {
  id: GeneratedAlways<string>
  delivery_id: string
  state: DeliveryState
  effective_at: Timestamp
  recorded_by: string | null
  recorded_at: Generated<Date>
}

export interface QualityReturnTable {
  id: Generated<string>
  delivery_id: string
  period_year: number
  due_on: ColumnType<string, string, string>
  state: ReturnState
  cohort_started: number | null
  cohort_completed: number | null
  outcomes: string | null
  changes: string | null
  concerns: string | null
  submitted_by: string | null
  submitted_at: Date | null
  reviewed_by: string | null
  reviewed_at: Date | null
  review_note: string | null
  /** The first submission: a resubmission after a concern moves submitted_at, not this. */
  first_submitted_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** The first concern the Centre raised about it, kept after the concern is answered. */
  concern_raised_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  row_version: Generated<number>
}

export interface QualityReturnReminderTable {
  quality_return_id: string
  days_before: number
  sent_at: Timestamp
}

export interface EvidenceFileTable {
  id: Generated<string>
  organisation_id: string
  filename: string
  content_type: string
  size_bytes: number
  sha256: string
  content: Uint8Array
  uploaded_by: string | null
  uploaded_at: Timestamp
}

export interface LearnerTable {
  id: Generated<string>
  delivery_id: string
  organisation_id: string
  given_name: string
  family_name: string
  email: string
  profession: string
  regulator: string
  registration_number: string
  eligibility_basis: EligibilityBasis | null
  eligibility_programme_id: string | null
  msc_institution: string | null
  msc_year: number | null
  equivalence_file_id: string | null
  created_by: string | null
  /** The award import that registered the learner, if one did. */
  award_import_id: string | null
  created_at: Timestamp
  row_version: Generated<number>
}

/** What award_import.problem_groups holds: the rows and problems of each kind (import-problems.ts). */
export interface AwardImportProblemGroup {
  kind: string
  rows: number
  problems: number
}

export interface AwardImportTable {
  id: Generated<string>
  organisation_id: string
  delivery_id: string | null
  source: ImportSource
  filename: string | null
  content_sha256: string
  content: string
  state: ImportState
  total_rows: Generated<number>
  processed_rows: Generated<number>
  /** Rows signed and staged (award_import_row) so far; processed_rows counts rows checked. */
  saved_rows: Generated<number>
  /** The last sign of life of the run that holds a running import. */
  heartbeat_at: Date | null
  created_count: Generated<number>
  unchanged_count: Generated<number>
  /** Every problem found, stored or not; award_import_problem holds at most 10,000. */
  problem_total: Generated<number>
  /** Rows with at least one problem. */
  problem_rows: Generated<number>
  problem_groups: Json<AwardImportProblemGroup[]>
  error: string | null
  created_by: string | null
  created_at: Timestamp
  started_at: Date | null
  finished_at: Date | null
}

/** One of the first 10,000 problems of an import, in the order found. */
export interface AwardImportProblemTable {
  import_id: string
  position: number
  line: number
  kind: string
  field: string | null
  learner_name: string | null
  value: Generated<string>
  message: string
}

/** The staging area of a running import: a row it will save, with its award's id chosen. */
/** An import whose learners and awards are hidden from every reader until it publishes them. */
export interface AwardImportPendingTable {
  import_id: string
}

export interface AwardImportRowTable {
  import_id: string
  /** Its place among the rows the import saves, from 0. */
  position: number
  award_id: string
  given_name: string
  family_name: string
  email: string
  profession: string
  regulator: string
  registration_number: string
  eligibility_basis: EligibilityBasis | null
  eligibility_programme_id: string | null
  msc_institution: string | null
  msc_year: number | null
  equivalence_file_id: string | null
  awarded_on: ColumnType<string, string, string>
}

export interface AwardTable {
  id: Generated<string>
  learner_id: string
  delivery_id: string
  organisation_id: string
  credential_id: string
  specification_version_id: string
  awarded_on: ColumnType<string, string, string>
  status: AwardStatus
  status_reason: string | null
  /** The public category of the reason for a suspension or revocation; null while active. */
  status_reason_category: AwardStatusReason | null
  status_changed_by: string | null
  status_changed_at: Date | null
  practitioner_id: string | null
  award_import_id: string | null
  created_by: string | null
  created_at: Timestamp
  row_version: Generated<number>
}

/** An offer of an award to a wallet (OpenID4VCI), its secrets kept only as hashes. */
export interface WalletOfferTable {
  id: Generated<string>
  award_id: string
  user_id: string
  pre_authorized_code_hash: string
  tx_code_hash: string
  wrong_tx_codes: Generated<number>
  created_at: Timestamp
  expires_at: Date
  redeemed_at: Date | null
  access_token_hash: string | null
  access_token_expires_at: Date | null
}

export interface WalletNonceTable {
  nonce_hash: string
  expires_at: Date
}

export interface IdempotentRequestTable {
  organisation_id: string
  key: string
  request_sha256: string
  status_code: number
  /** Only award batches are idempotent requests so far. */
  response: Json<BatchOutcome>
  created_at: Timestamp
}

export interface IssuerKeyTable {
  id: Generated<string>
  organisation_id: string
  /** The DID document's fragment is key-<number>. */
  key_number: number
  public_key_multibase: string
  /** AES-256-GCM under the configured master key: nonce, tag, then the PKCS #8 key. */
  private_key_sealed: Uint8Array
  created_at: Timestamp
  retired_at: Timestamp | null
  /** What it signed after this instant must not verify; only a retired key is marked. */
  compromised_from: Date | null
}

export interface StatusListTable {
  id: Generated<number>
  organisation_id: string
  size: number
  /** 'awards' (random entries) or 'endorsements' (the Centre's, sequential). */
  holds: Generated<'awards' | 'endorsements'>
  /** Entries given out so far; a new list starts once half are. */
  allocated: Generated<number>
  created_at: Generated<Date>
}

export interface AwardCredentialTable {
  award_id: string
  status_list_id: number
  status_index: number
  /** The signed Open Badges 3.0 credential (Data Integrity form). */
  credential: Json<Record<string, unknown>>
  issued_at: Generated<Date>
}

/** The Centre's endorsement of a specification version, with its revocation entry. */
export interface EndorsementTable {
  specification_version_id: string
  status_list_id: number
  status_index: number
  created_at: Generated<Date>
  /** Withdrawn: no award made under the version is valid (its bit is set). */
  withdrawn_at: Date | null
  /** Ended: awards made on or before this date stay valid. */
  ended_on: ColumnType<string | null, string | null, string | null>
  ended_at: Date | null
  withdrawal_reason: string | null
  withdrawn_by: string | null
  row_version: Generated<number>
}

export interface PractitionerProfileTable {
  user_id: string
  given_name: string
  family_name: string
  profession: string
  regulator: string
  registration_number: string
  region: string
  employer: Generated<string>
  updated_at: Generated<Date>
  row_version: Generated<number>
}

export interface DirectoryEntryTable {
  user_id: string
  listed: Generated<boolean>
  show_profession: Generated<boolean>
  show_region: Generated<boolean>
  show_employer: Generated<boolean>
  search_name: string
  updated_at: Generated<Date>
}

export interface DirectoryNameTokenTable {
  token: string
  search_name: string
  user_id: string
}

export interface DirectoryNameWordTable {
  word: string
}

export interface DirectoryCredentialTable {
  user_id: string
  award_id: string
}

export interface ExternalCredentialTable {
  id: Generated<string>
  user_id: string
  filename: string
  content_type: string
  content: Uint8Array
  format: string
  name: string
  issuer_name: string
  verified: boolean
  summary: string
  checks: Json<unknown[]>
  checked_at: Date
  uploaded_at: Generated<Date>
  /** Whether it names this account as its holder; null: not compared (yet). */
  holder_match: HolderMatch | null
  /** Issued by one of this platform's issuers; otherwise its issuer's name is self-declared. */
  issuer_ours: Generated<boolean>
}

export interface CpdActivityTable {
  id: Generated<string>
  user_id: string
  title: string
  activity_date: string
  tenths_of_hours: number
  activity_type: ActivityType
  reflection: string
  created_at: Generated<Date>
  row_version: Generated<number>
}

export interface CpdCapabilityTable {
  activity_id: string
  capability_code: string
}

export interface CpdEvidenceTable {
  id: Generated<string>
  activity_id: string
  filename: string
  content_type: string
  size_bytes: number
  sha256: string
  content: Uint8Array
  uploaded_at: Generated<Date>
}

export interface LookupAttemptTable {
  id: GeneratedAlways<number>
  kind: string
  address: string
  attempted_at: Generated<Date>
}

export interface ConsultationTable {
  id: Generated<string>
  number: GeneratedAlways<number>
  title: string
  purpose: string
  /** Who it is for, in the Centre's words. */
  audience: string
  subject: ConsultationSubject
  /** The document consulted on (headings and paragraphs); null when it is a specification. */
  document_body: string | null
  /** The draft specification version consulted on; null when it is a document. */
  specification_version_id: string | null
  /** The credential it concerns, for its timeline; set for a specification, optional otherwise. */
  credential_id: string | null
  /** The clinical area subscribers hear of it in; null for the Centre's work as a whole. */
  clinical_area_id: number | null
  /** London calendar days: open from the start of the first to the end of the last. */
  opens_on: ColumnType<string, string, string>
  closes_on: ColumnType<string, string, string>
  state: ColumnType<ConsultationState, ConsultationState | undefined, ConsultationState>
  published_at: Date | null
  outcome_summary: Generated<string>
  outcome_published_at: Date | null
  outcome_published_by: string | null
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
  row_version: Generated<number>
}

export interface ConsultationQuestionTable {
  id: Generated<string>
  consultation_id: string
  position: number
  kind: QuestionKind
  prompt: string
  hint: Generated<string>
  required: boolean
  /** The choices of a single or multiple choice question; empty otherwise. */
  options: ColumnType<string[], string[] | undefined, string[]>
}

export interface ConsultationResponseTable {
  id: Generated<string>
  consultation_id: string
  /** The account of a signed-in respondent; null for someone who confirmed by e-mail. */
  user_id: string | null
  name: string
  email: string
  organisation: Generated<string>
  capacity: Capacity
  profession: string | null
  region: Region | null
  publication: PublicationChoice
  /** When the address was confirmed (at once for a signed-in respondent); unconfirmed = not counted. */
  confirmed_at: Date | null
  created_at: Timestamp
  updated_at: Timestamp
  row_version: Generated<number>
}

export interface ConsultationAnswerTable {
  id: Generated<string>
  response_id: string
  question_id: string
  text_value: string | null
  choices: ColumnType<string[], string[] | undefined, string[]>
  hidden_reason: string | null
  hidden_by: string | null
  hidden_at: Date | null
}

export interface ConsultationCommentTable {
  id: Generated<string>
  response_id: string
  /** Which passage of the document or specification ("outcome:LO2", "section-3"). */
  passage_key: string
  /** The passage's words as the respondent saw them. */
  quote: string
  body: string
  created_at: Timestamp
  hidden_reason: string | null
  hidden_by: string | null
  hidden_at: Date | null
}

export interface ConsultationThemeTable {
  id: Generated<string>
  consultation_id: string
  name: string
  /** What respondents said, summarised by the Centre. */
  you_said: Generated<string>
  /** What the Centre did about it. */
  we_did: Generated<string>
  created_by: string
  created_at: Timestamp
  row_version: Generated<number>
}

/** A theme given to one answer or one comment (exactly one of the two). */
export interface ConsultationThemeTagTable {
  id: Generated<string>
  theme_id: string
  answer_id: string | null
  comment_id: string | null
  tagged_by: string
  tagged_at: Timestamp
}

/** A learning outcome of a later specification version that changed because of a theme. */
export interface ConsultationThemeChangeTable {
  theme_id: string
  specification_version_id: string
  outcome_code: string
}

/** A link e-mailed to a respondent who is not signed in: to confirm the address, or to edit until the close. */
export interface ConsultationResponseTokenTable {
  id: Generated<string>
  response_id: string
  purpose: ResponseTokenPurpose
  token_hash: string
  created_at: Timestamp
  expires_at: Date
  /** A confirmation link works once; an edit link stays unused and works until it expires. */
  used_at: Date | null
}

export interface ConsultationSubscriptionTable {
  id: Generated<string>
  email: string
  user_id: string | null
  /** Null: every area. */
  clinical_area_id: number | null
  unsubscribe_token_hash: string
  confirmed_at: Date | null
  created_at: Timestamp
}

/**
 * A workforce need: how many practitioners the plan needs developed in one NHS England region
 * in one NHS financial year, for a credential or a clinical area (exactly one). What it is for
 * never changes; its figures are its versions.
 */
export interface WorkforceNeedTable {
  id: Generated<string>
  credential_id: string | null
  clinical_area_id: number | null
  region: Region
  /** The year the financial year starts in: 2026 is April 2026 to March 2027. */
  financial_year: number
  /** The version in force (the last one written). */
  current_version: number
  /** Set by a removal version; a removed need is kept with its history. */
  removed_at: Timestamp | null
  row_version: Generated<number>
  created_at: Timestamp
}

/** One version of a need's figure, never updated: a recording, a change or a removal. */
export interface WorkforceNeedVersionTable {
  need_id: string
  version: number
  kind: NeedVersionKind
  /** Null only for a removal. */
  planned: number | null
  source: string
  /** A calendar date, as 'YYYY-MM-DD'. */
  source_date: ColumnType<string, string, string>
  reason: string | null
  recorded_by: string | null
  recorded_at: Timestamp
}

/** Awards made in a London month ("YYYY-MM"), and revoked or suspended in it, by credential, provider and profession. */
export interface AwardMonthStatisticTable {
  month: string
  credential_id: string
  clinical_area_id: number
  organisation_id: string
  region: Region | null
  profession: string
  awarded: number
  revoked: number
  suspended: number
}

/** A provider's awards in force and the people holding them. */
export interface AwardHolderStatisticTable {
  organisation_id: string
  region: Region | null
  awards_in_force: number
  holders: number
  learners: Generated<number>
}

/** Directory listings at the end of a London month, and the employer checks made in it. */
export interface PractitionerMonthStatisticTable {
  month: string
  listed: number
  employer_checks: number
}

/** When the statistics tables were last computed: one row. */
export interface StatisticsRefreshTable {
  id: Generated<boolean>
  refreshed_at: Date
  took_ms: number
}

/** A practitioner on the ePortfolio (supported) route: one each (src/domain/eportfolio.ts). */
export interface EportfolioTable {
  id: Generated<string>
  practitioner_id: string
  state: EportfolioState
  supervisor_id: string | null
  registered_on: string
  /** The London day the current step began: its deadline is worked out from it. */
  step_started_on: string
  attempt: Generated<number>
  resubmit_by: string | null
  extended_to: string | null
  /** Capability code → the moderator's judgement, for the capabilities the assessors disagreed on. */
  moderation: Json<Record<string, CapabilityMark>>
  /** Capability code → the Centre's feedback with a request to resubmit. */
  feedback: Json<Record<string, string>>
  decided_on: string | null
  row_version: Generated<number>
  updated_at: Generated<Date>
}

export interface EportfolioEvidenceTable {
  id: Generated<string>
  eportfolio_id: string
  kind: EvidenceKind
  title: string
  /** The document's description, the reflection, or the testimonial's words. */
  body: Generated<string>
  colleague_name: string | null
  colleague_email: string | null
  testimonial_state: TestimonialState | null
  cpd_activity_id: string | null
  award_id: string | null
  added_on: string
  created_at: Generated<Date>
}

export interface EportfolioMappingTable {
  evidence_id: string
  capability_code: string
  note: string
}

export interface EportfolioTokenTable {
  id: Generated<string>
  eportfolio_id: string
  purpose: EportfolioTokenPurpose
  evidence_id: string | null
  name: string
  email: string
  token_hash: string
  created_at: Timestamp
  expires_at: Date
  used_at: Date | null
}

export interface EportfolioCommentTable {
  id: Generated<string>
  eportfolio_id: string
  author_id: string | null
  author_label: string
  body: string
  created_at: Date
}

export interface EportfolioAssessmentTable {
  eportfolio_id: string
  attempt: number
  assessor_id: string
  conflict: Generated<Conflict>
  conflict_note: string | null
  judgements: Json<Record<string, CapabilityMark>>
  completed: Generated<boolean>
  assigned_on: string
  row_version: Generated<number>
}

/** A request for more time on the practitioner's step, and the Centre's decision. */
export interface EportfolioExtensionTable {
  id: Generated<string>
  eportfolio_id: string
  state: Generated<ExtensionState>
  step: EportfolioState
  due_on: string
  requested_until: string
  reason: string
  requested_on: string
  decided_by: string | null
  decided_on: string | null
  decision_note: string | null
}

/** A reminder of a step's deadline, sent once. */
export interface EportfolioReminderTable {
  eportfolio_id: string
  state: EportfolioState
  due_on: string
  days_before: number
  sent_at: Generated<Date>
}

export interface EportfolioEventTable {
  id: GeneratedAlways<string>
  eportfolio_id: string
  action: string
  summary: string
  reason: string | null
  actor_id: string | null
  actor_label: string
  occurred_at: Date
}

export interface Database {
  clinical_area: ClinicalAreaTable
  catalogue_snapshot: CatalogueSnapshotTable
  credential: CredentialTable
  credential_status_event: CredentialStatusEventTable
  criterion_set: CriterionSetTable
  criterion: CriterionTable
  framework_pillar: FrameworkPillarTable
  framework_capability: FrameworkCapabilityTable
  profession: ProfessionTable
  reference_version: ReferenceVersionTable
  reference_file: ReferenceFileTable
  organisation: OrganisationTable
  issuer_key: IssuerKeyTable
  status_list: StatusListTable
  award_credential: AwardCredentialTable
  endorsement: EndorsementTable
  user_account: UserAccountTable
  role_grant: RoleGrantTable
  session: SessionTable
  one_time_token: OneTimeTokenTable
  email_outbox: EmailOutboxTable
  job: JobTable
  api_token: ApiTokenTable
  sign_in_attempt: SignInAttemptTable
  audit_event: AuditEventTable
  proposal: ProposalTable
  group_meeting: GroupMeetingTable
  group_meeting_item: GroupMeetingItemTable
  group_meeting_attendance: GroupMeetingAttendanceTable
  group_interest: GroupInterestTable
  group_vote: GroupVoteTable
  proposal_gateway_judgement: ProposalGatewayJudgementTable
  specification_version: SpecificationVersionTable
  review_assignment: ReviewAssignmentTable
  consolidated_report: ConsolidatedReportTable
  periodic_review: PeriodicReviewTable
  review_reminder: ReviewReminderTable
  credential_event: CredentialEventTable
  programme: ProgrammeTable
  programme_accreditation: ProgrammeAccreditationTable
  programme_accreditation_credential: ProgrammeAccreditationCredentialTable
  accreditation_assessment: AccreditationAssessmentTable
  accreditation_question: AccreditationQuestionTable
  accreditation_condition: AccreditationConditionTable
  accreditation_event: AccreditationEventTable
  accreditation_reminder: AccreditationReminderTable
  delivery: DeliveryTable
  delivery_state_change: DeliveryStateChangeTable
  quality_return: QualityReturnTable
  quality_return_reminder: QualityReturnReminderTable
  evidence_file: EvidenceFileTable
  learner: LearnerTable
  award_import: AwardImportTable
  award_import_row: AwardImportRowTable
  award_import_pending: AwardImportPendingTable
  award_import_problem: AwardImportProblemTable
  award: AwardTable
  wallet_offer: WalletOfferTable
  wallet_nonce: WalletNonceTable
  idempotent_request: IdempotentRequestTable
  practitioner_profile: PractitionerProfileTable
  directory_entry: DirectoryEntryTable
  directory_credential: DirectoryCredentialTable
  directory_name_token: DirectoryNameTokenTable
  directory_name_word: DirectoryNameWordTable
  external_credential: ExternalCredentialTable
  cpd_activity: CpdActivityTable
  eportfolio: EportfolioTable
  eportfolio_evidence: EportfolioEvidenceTable
  eportfolio_mapping: EportfolioMappingTable
  eportfolio_token: EportfolioTokenTable
  eportfolio_comment: EportfolioCommentTable
  eportfolio_assessment: EportfolioAssessmentTable
  eportfolio_event: EportfolioEventTable
  eportfolio_reminder: EportfolioReminderTable
  eportfolio_extension: EportfolioExtensionTable
  cpd_capability: CpdCapabilityTable
  cpd_evidence: CpdEvidenceTable
  lookup_attempt: LookupAttemptTable
  consultation: ConsultationTable
  consultation_question: ConsultationQuestionTable
  consultation_response: ConsultationResponseTable
  consultation_answer: ConsultationAnswerTable
  consultation_comment: ConsultationCommentTable
  consultation_theme: ConsultationThemeTable
  consultation_theme_tag: ConsultationThemeTagTable
  consultation_theme_change: ConsultationThemeChangeTable
  consultation_subscription: ConsultationSubscriptionTable
  consultation_response_token: ConsultationResponseTokenTable
  workforce_need: WorkforceNeedTable
  workforce_need_version: WorkforceNeedVersionTable
  award_month_statistic: AwardMonthStatisticTable
  award_holder_statistic: AwardHolderStatisticTable
  practitioner_month_statistic: PractitionerMonthStatisticTable
  statistics_refresh: StatisticsRefreshTable
}

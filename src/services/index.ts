import type { Config } from '../config.ts'
import type { DatabaseHandle } from '../db/database.ts'
import { systemClock, type Clock } from '../domain/clock.ts'
import { createEportfolioService, type EportfolioService } from './eportfolio.ts'
import {
  createAccountAdministrationService,
  type AccountAdministrationService,
} from './account-administration.ts'
import { createApiTokensService, type ApiTokensService } from './api-tokens.ts'
import { createAuditService, type AuditService } from './audit.ts'
import { createAuthenticationService, type AuthenticationService } from './authentication.ts'
import { createCatalogueService, type CatalogueService } from './catalogue.ts'
import { createCtdlService, type CtdlService } from './ctdl.ts'
import { createReferenceData } from './reference-data.ts'
import { createCriteriaService, type CriteriaService } from './criteria.ts'
import { createHealthService, type HealthService } from './health.ts'
import { createJobsService, type JobsService } from './jobs.ts'
import { createMailService, createTransport, type MailService, type MailTransport } from './mail.ts'
import { createOidcService, type OidcService } from './oidc.ts'
import { createReferenceService, type ReferenceService } from './reference.ts'
import { createReferenceEditingService, type ReferenceEditingService } from './reference-editing.ts'
import { createRegistrationService, type RegistrationService } from './registration.ts'
import { createProposalsService, type ProposalsService } from './proposals.ts'
import { createGroupMeetingsService, type GroupMeetingsService } from './group-meetings.ts'
import { createSpecificationsService, type SpecificationsService } from './specifications.ts'
import { createReviewsService, type ReviewsService } from './reviews.ts'
import { createPublicationService, type PublicationService } from './publication.ts'
import { createPeriodicReviewsService, type PeriodicReviewsService } from './periodic-reviews.ts'
import { createRecognitionService, type RecognitionService } from './recognition.ts'
import { createWorkQueueService, type WorkQueueService } from './work-queue.ts'
import { createSessionService, type SessionService } from './sessions.ts'
import { createProvidersService, type ProvidersService } from './providers.ts'
import { createProgrammesService, type ProgrammesService } from './programmes.ts'
import {
  createProgrammeAccreditationService,
  type ProgrammeAccreditationService,
} from './programme-accreditation.ts'
import { createDeliveriesService, type DeliveriesService } from './deliveries.ts'
import { createQualityReturnsService, type QualityReturnsService } from './quality-returns.ts'
import { createAwardsService, type AwardsService } from './awards.ts'
import { createAwardImportsService, type AwardImportsService } from './award-imports.ts'
import { createProviderListsService, type ProviderListsService } from './provider-lists.ts'
import { createIssuersService, type IssuersService } from './issuers.ts'
import { createAwardCredentialsService, type AwardCredentialsService } from './award-credentials.ts'
import { createEndorsementsService, type EndorsementsService } from './endorsements.ts'
import { createVerificationService, type VerificationService } from './verification.ts'
import { createPortfolioService, type PortfolioService } from './portfolio.ts'
import { createClrService, type ClrService } from './clr.ts'
import { createWalletIssuanceService, type WalletIssuanceService } from './wallet-issuance.ts'
import { createDirectoryService, type DirectoryService } from './directory.ts'
import { createEmployerChecksService, type EmployerChecksService } from './employer-checks.ts'
import { createStatisticsService, type StatisticsService } from './statistics.ts'
import { createDataRightsService, type DataRightsService } from './data-rights.ts'
import {
  createConsultationOutcomesService,
  type ConsultationOutcomesService,
} from './consultation-outcomes.ts'
import { createConsultationsService, type ConsultationsService } from './consultations.ts'
import { createWorkforceNeedsService, type WorkforceNeedsService } from './workforce-needs.ts'

import { createReportsService, type ReportsService } from './reports.ts'

export interface Services {
  /** Where every service, route and job learns the time and today's date (in London). */
  clock: Clock
  health: HealthService
  catalogue: CatalogueService
  /** The catalogue in CTDL, for the Credential Registry. */
  ctdl: CtdlService
  reference: ReferenceService
  referenceEditing: ReferenceEditingService
  criteria: CriteriaService
  /** Who is signed in: signing in and out, and resetting a password. */
  authentication: AuthenticationService
  /** Registering, confirming an e-mail address, accepting an invitation. */
  registration: RegistrationService
  /** The Centre's accounts, roles and invitations. */
  accountAdministration: AccountAdministrationService
  sessions: SessionService
  audit: AuditService
  mail: MailService
  /** Long work queued as jobs, run by the worker (src/services/worker.ts). */
  jobs: JobsService
  apiTokens: ApiTokensService
  workQueue: WorkQueueService
  proposals: ProposalsService
  /** The Credential Group's meetings and written procedures: attendance, interests, votes, outcomes. */
  groupMeetings: GroupMeetingsService
  specifications: SpecificationsService
  reviews: ReviewsService
  publication: PublicationService
  periodicReviews: PeriodicReviewsService
  recognition: RecognitionService
  providers: ProvidersService
  programmes: ProgrammesService
  programmeAccreditation: ProgrammeAccreditationService
  deliveries: DeliveriesService
  qualityReturns: QualityReturnsService
  awards: AwardsService
  awardImports: AwardImportsService
  /** The provider's lists of awards, learners and uploads, paged, searched, filtered and downloaded. */
  providerLists: ProviderListsService
  issuers: IssuersService
  awardCredentials: AwardCredentialsService
  endorsements: EndorsementsService
  verification: VerificationService
  portfolio: PortfolioService
  /** The ePortfolio (supported) route: evidence, supervision, assessment, moderation, outcome. */
  eportfolio: EportfolioService
  clr: ClrService
  /** Awards into digital wallets (OpenID4VCI). */
  walletIssuance: WalletIssuanceService
  directory: DirectoryService
  employerChecks: EmployerChecksService
  /** The summary tables behind the dashboards (the 'statistics' job). */
  statistics: StatisticsService
  dataRights: DataRightsService
  /** Reading consultation responses, themes, the published outcome, and e-mails about consultations. */
  consultationOutcomes: ConsultationOutcomesService
  /** Consultations: drafting and publishing them, and responding. */
  consultations: ConsultationsService
  /** The implementation plan in numbers: the dashboards' figures. */
  reports: ReportsService
  /** The workforce need: planned numbers of practitioners, versioned. */
  workforceNeeds: WorkforceNeedsService
  /** Signing in through an organisation's provider; undefined when none is configured. */
  oidc: OidcService | undefined
}

export function createServices(
  database: DatabaseHandle,
  config: Config,
  options: { mailTransport?: MailTransport; clock?: Clock } = {},
): Services {
  const { db } = database
  const clock = options.clock ?? systemClock
  const publication = createPublicationService(db, config)
  const issuers = createIssuersService(db, config, clock)
  const awardCredentials = createAwardCredentialsService(db, config, { issuers, publication })
  const verification = createVerificationService(db, config, { issuers, awardCredentials, clock })
  // One copy of the reference data per instance, forgotten when the database announces a change.
  const referenceData = createReferenceData(database)
  const portfolio = createPortfolioService(db, { verification, clock, referenceData })
  const directory = createDirectoryService(db, config, clock)
  const proposals = createProposalsService(db, config, clock)
  return {
    clock,
    health: createHealthService(db, database.kind),
    catalogue: createCatalogueService(db, referenceData, clock),
    ctdl: createCtdlService(db, config),
    reference: createReferenceService(db),
    referenceEditing: createReferenceEditingService(db, clock),
    criteria: createCriteriaService(db),
    authentication: createAuthenticationService(db, config, clock),
    registration: createRegistrationService(db, config, clock),
    accountAdministration: createAccountAdministrationService(db, config, clock),
    sessions: createSessionService(db, config),
    audit: createAuditService(db),
    jobs: createJobsService(db),
    mail: createMailService(db, config.mail.from, options.mailTransport ?? createTransport(config.mail)),
    apiTokens: createApiTokensService(db),
    workQueue: createWorkQueueService(db),
    proposals,
    groupMeetings: createGroupMeetingsService(db, config, clock, proposals.groupDecision),
    specifications: createSpecificationsService(db, config, clock),
    reviews: createReviewsService(db, config, clock),
    publication,
    periodicReviews: createPeriodicReviewsService(db, config, clock),
    recognition: createRecognitionService(db, config, clock),
    providers: createProvidersService(db, config, clock),
    programmes: createProgrammesService(db, clock),
    programmeAccreditation: createProgrammeAccreditationService(db, config, clock),
    deliveries: createDeliveriesService(db, config, clock),
    qualityReturns: createQualityReturnsService(db, config, clock),
    awards: createAwardsService(db, config, awardCredentials, clock),
    awardImports: createAwardImportsService(db, config, awardCredentials, clock),
    providerLists: createProviderListsService(db),
    issuers,
    awardCredentials,
    endorsements: createEndorsementsService(db, clock),
    verification,
    portfolio,
    eportfolio: createEportfolioService(db, config, clock),
    clr: createClrService(db, config, { issuers, portfolio, clock }),
    walletIssuance: createWalletIssuanceService(db, config, { issuers, clock }),
    directory,
    employerChecks: createEmployerChecksService(db, config, clock),
    statistics: createStatisticsService(db, clock),
    dataRights: createDataRightsService(db, {
      portfolio,
      directory,
      awardCredentials,
      clock,
      auditHmacKey: config.auditHmacKey,
    }),
    consultationOutcomes: createConsultationOutcomesService(db, config, clock),
    consultations: createConsultationsService(db, config, clock),
    reports: createReportsService(db, clock, referenceData),
    workforceNeeds: createWorkforceNeedsService(db, clock),
    oidc: config.oidc ? createOidcService(config.oidc, config.baseUrl) : undefined,
  }
}

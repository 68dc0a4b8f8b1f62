// The authorisation matrix: every route the app registers, against anonymous and every role,
// with the outcome we decided. The test reads the routes from the app, so a new route
// without a row fails it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Role } from '../../src/domain/accounts.ts'
import { createAccount } from '../support/agent.ts'
import { createTestApp, type TestApp } from '../support/app.ts'

type Identity = 'anonymous' | Role
type Outcome = 'allow' | 'sign-in' | 'deny' | 'token'

const IDENTITIES: Identity[] = [
  'anonymous',
  'centre_admin',
  'credential_group_member',
  'independent_reviewer',
  'specification_author',
  'provider_admin',
  'provider_staff',
  'practitioner',
]

const everyone = (outcome: Outcome) =>
  Object.fromEntries(IDENTITIES.map((i) => [i, outcome])) as Record<Identity, Outcome>
const only = (...roles: Role[]) =>
  Object.fromEntries(
    IDENTITIES.map((i) => [i, i === 'anonymous' ? 'sign-in' : roles.includes(i) ? 'allow' : 'deny']),
  ) as Record<Identity, Outcome>

const PUBLIC = everyone('allow')
const SIGNED_IN = { ...everyone('allow'), anonymous: 'sign-in' as const }
const CENTRE_ADMIN = only('centre_admin')
const PROVIDER_ADMIN = only('provider_admin')
const PRACTITIONER = only('practitioner')
const MACHINE = everyone('token')

const MATRIX: Record<string, Record<Identity, Outcome>> = {
  'GET /health': PUBLIC,
  'GET /': PUBLIC,
  'GET /practitioners': PUBLIC,
  'GET /education-providers': PUBLIC,
  'GET /centre-staff': PUBLIC,
  'GET /accessibility': PUBLIC,
  'GET /privacy': PUBLIC,
  'GET /cookies': PUBLIC,
  'GET /contact': PUBLIC,
  'GET /help': PUBLIC,
  'GET /feedback': PUBLIC,
  'GET /credentials': PUBLIC,
  'GET /credentials/:slug': PUBLIC,
  'GET /credentials/:slug/specification': PUBLIC,
  'GET /credentials/:slug/specification/versions/:number': PUBLIC,
  'GET /credentials/:slug/specification/versions/:number/pdf': PUBLIC,
  'GET /credentials/:slug/specification/versions/:number/jsonld': PUBLIC,
  'GET /credentials/:slug/specification/compare': PUBLIC,
  'GET /specification-vocabulary': PUBLIC,
  'GET /about': PUBLIC,
  'GET /criteria': PUBLIC,
  'GET /framework': PUBLIC,
  'GET /glossary': PUBLIC,
  'GET /documents': PUBLIC,
  'GET /intervention-types': PUBLIC,
  // Reference content: every version is public, with what changed; only Centre admins publish.
  'GET /criteria/history': PUBLIC,
  'GET /criteria/:kind/versions/:version': PUBLIC,
  'GET /framework/history': PUBLIC,
  'GET /framework/history/:version': PUBLIC,
  'GET /glossary/history': PUBLIC,
  'GET /glossary/history/:version': PUBLIC,
  'GET /documents/history': PUBLIC,
  'GET /documents/history/:version': PUBLIC,
  'GET /intervention-types/history': PUBLIC,
  'GET /intervention-types/history/:version': PUBLIC,
  'GET /documents/files/:id': PUBLIC,
  'GET /admin/reference': CENTRE_ADMIN,
  'GET /admin/reference/documents': CENTRE_ADMIN,
  'GET /admin/reference/documents/new': CENTRE_ADMIN,
  'GET /admin/reference/documents/:slug': CENTRE_ADMIN,
  'POST /admin/reference/documents/new/check': CENTRE_ADMIN,
  'POST /admin/reference/documents/new': CENTRE_ADMIN,
  'POST /admin/reference/documents/:slug/check': CENTRE_ADMIN,
  'POST /admin/reference/documents/:slug': CENTRE_ADMIN,
  'GET /admin/reference/:kind': CENTRE_ADMIN,
  'POST /admin/reference/:kind/check': CENTRE_ADMIN,
  'POST /admin/reference/:kind': CENTRE_ADMIN,
  'GET /api/v1/credentials': PUBLIC,
  'GET /api/v1/credentials/:slug': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /api/v1/me': MACHINE,
  'GET /assets/*': PUBLIC,
  'GET /assets/nhsuk/*': PUBLIC,
  'GET /assets/nhsuk/nhsuk-frontend.min.css': PUBLIC,
  'GET /assets/app/*': PUBLIC,
  'GET /sign-in': PUBLIC,
  'POST /sign-in': PUBLIC,
  'POST /sign-out': PUBLIC,
  'GET /signed-out': PUBLIC,
  'GET /register': PUBLIC,
  'POST /register': PUBLIC,
  'GET /register/check-email': PUBLIC,
  'GET /confirm-email': PUBLIC,
  'POST /confirm-email': PUBLIC,
  'GET /forgot-password': PUBLIC,
  'POST /forgot-password': PUBLIC,
  'GET /forgot-password/check-email': PUBLIC,
  'GET /reset-password': PUBLIC,
  'POST /reset-password': PUBLIC,
  'GET /invitations/accept': PUBLIC,
  'POST /invitations/accept': PUBLIC,
  'GET /sign-in/oidc': PUBLIC,
  'GET /sign-in/oidc/callback': PUBLIC,
  'GET /home': SIGNED_IN,
  'GET /admin/accounts': CENTRE_ADMIN,
  'GET /admin/accounts/:id': CENTRE_ADMIN,
  'POST /admin/accounts/:id/roles': CENTRE_ADMIN,
  'GET /admin/accounts/:id/roles/:grantId/remove': CENTRE_ADMIN,
  'POST /admin/accounts/:id/roles/:grantId/remove': CENTRE_ADMIN,
  'GET /admin/invitations': CENTRE_ADMIN,
  'POST /admin/invitations': CENTRE_ADMIN,
  'GET /admin/mail': CENTRE_ADMIN,
  'GET /admin/jobs': CENTRE_ADMIN,
  'GET /admin/jobs/:id/retry': CENTRE_ADMIN,
  'POST /admin/jobs/:id/retry': CENTRE_ADMIN,
  'GET /admin/audit': CENTRE_ADMIN,
  'GET /admin/criteria': CENTRE_ADMIN,
  'GET /admin/criteria/:kind': CENTRE_ADMIN,
  'POST /admin/criteria/:kind': CENTRE_ADMIN,
  'GET /provider/api-tokens': PROVIDER_ADMIN,
  'POST /provider/api-tokens': PROVIDER_ADMIN,
  'GET /provider/api-tokens/:id/revoke': PROVIDER_ADMIN,
  'POST /provider/api-tokens/:id/revoke': PROVIDER_ADMIN,
  // Quality returns: a provider's people see and submit their organisations' own (another's
  // is 404 inside the role); Centre admins review them and see every provider's figures.
  'GET /provider': only('provider_admin', 'provider_staff'),
  'GET /provider/returns': only('provider_admin', 'provider_staff'),
  'GET /provider/returns/:id': only('provider_admin', 'provider_staff'),
  'POST /provider/returns/:id': only('provider_admin', 'provider_staff'),
  // Providers and deliveries: the Centre registers providers and decides; a provider's people
  // see their organisation's programmes and deliveries (another's are 404 inside the role),
  // and only its admins change them.
  'GET /admin/providers': CENTRE_ADMIN,
  'GET /admin/providers/new': CENTRE_ADMIN,
  'POST /admin/providers/new': CENTRE_ADMIN,
  'GET /admin/providers/:id': CENTRE_ADMIN,
  'GET /admin/providers/:id/edit': CENTRE_ADMIN,
  'POST /admin/providers/:id/edit': CENTRE_ADMIN,
  'GET /provider/programmes': only('provider_admin', 'provider_staff'),
  'GET /provider/programmes/new': PROVIDER_ADMIN,
  'POST /provider/programmes/new': PROVIDER_ADMIN,
  'GET /provider/programmes/:id/edit': PROVIDER_ADMIN,
  'POST /provider/programmes/:id/edit': PROVIDER_ADMIN,
  // Programme accreditation: the provider applies and answers; the Centre runs the process;
  // assessors declare and judge; the application's page is for all of them (each sees their part).
  'GET /provider/programmes/:id/accreditation/apply': PROVIDER_ADMIN,
  'POST /provider/programmes/:id/accreditation/apply/check': PROVIDER_ADMIN,
  'POST /provider/programmes/:id/accreditation/apply': PROVIDER_ADMIN,
  'GET /provider/accreditations': only('provider_admin', 'provider_staff'),
  'GET /admin/accreditations': CENTRE_ADMIN,
  'GET /accreditations/assigned': only('independent_reviewer'),
  'GET /accreditations/:id': only('centre_admin', 'provider_admin', 'provider_staff', 'independent_reviewer'),
  'POST /accreditations/:id/assessors': CENTRE_ADMIN,
  'POST /accreditations/:id/conflict': only('independent_reviewer'),
  'POST /accreditations/:id/review': only('independent_reviewer'),
  'POST /accreditations/:id/panel': CENTRE_ADMIN,
  'POST /accreditations/:id/questions': CENTRE_ADMIN,
  'POST /accreditations/:id/questions/:position/answer': PROVIDER_ADMIN,
  'POST /accreditations/:id/conditions/:position/met': CENTRE_ADMIN,
  'GET /accreditations/:id/decision': CENTRE_ADMIN,
  'POST /accreditations/:id/decision/check': CENTRE_ADMIN,
  'POST /accreditations/:id/decision': CENTRE_ADMIN,
  'GET /accreditations/:id/withdraw': only('centre_admin', 'provider_admin'),
  'POST /accreditations/:id/withdraw': only('centre_admin', 'provider_admin'),
  'GET /accreditations/:id/withdraw-accreditation': CENTRE_ADMIN,
  'POST /accreditations/:id/withdraw-accreditation': CENTRE_ADMIN,
  'GET /provider/deliveries': only('provider_admin', 'provider_staff'),
  'GET /provider/deliveries/new': PROVIDER_ADMIN,
  'POST /provider/deliveries/new': PROVIDER_ADMIN,
  'GET /provider/deliveries/:id': only('provider_admin', 'provider_staff'),
  'GET /provider/deliveries/:id/withdraw': PROVIDER_ADMIN,
  'POST /provider/deliveries/:id/withdraw': PROVIDER_ADMIN,
  'GET /deliveries': CENTRE_ADMIN,
  'GET /deliveries/:id': CENTRE_ADMIN,
  'POST /deliveries/:id': CENTRE_ADMIN,
  'POST /deliveries/:id/decision/check': CENTRE_ADMIN,
  'GET /quality-returns': CENTRE_ADMIN,
  'GET /quality-returns/:id': CENTRE_ADMIN,
  'POST /quality-returns/:id/decision': CENTRE_ADMIN,
  'POST /quality-returns/:id/decision/check': CENTRE_ADMIN,
  'GET /reports/providers': CENTRE_ADMIN,
  // Periodic review is the Centre's; recognition is applied for by authors, and admins see all.
  'GET /periodic-reviews': CENTRE_ADMIN,
  'GET /periodic-reviews/:slug': CENTRE_ADMIN,
  'POST /periodic-reviews/:slug/interval': CENTRE_ADMIN,
  'POST /periodic-reviews/:slug/open': CENTRE_ADMIN,
  'POST /periodic-reviews/:slug/new-version': CENTRE_ADMIN,
  'GET /periodic-reviews/:slug/withdraw': CENTRE_ADMIN,
  'POST /periodic-reviews/:slug/withdraw': CENTRE_ADMIN,
  'GET /recognition': only('specification_author', 'centre_admin'),
  'GET /recognition/new': only('specification_author'),
  'POST /recognition/new': only('specification_author'),
  'GET /recognition/:slug': only('specification_author', 'centre_admin'),
  'POST /recognition/:slug': only('specification_author'),
  'POST /recognition/:slug/submit': only('specification_author'),
  'POST /recognition/:slug/revise': only('specification_author'),
  'GET /recognition/:slug/sections/:section': only('specification_author'),
  'POST /recognition/:slug/sections/:section': only('specification_author'),
  'GET /recognition/:slug/check': only('specification_author'),
  'GET /recognition/:slug/decision': CENTRE_ADMIN,
  'POST /recognition/:slug/decision/check': CENTRE_ADMIN,
  'POST /recognition/:slug/decision': CENTRE_ADMIN,
  // Drafts are seen by their authors (others get 404 inside the role) and Centre admins.
  'GET /specifications': only('centre_admin', 'specification_author'),
  'GET /specifications/:slug': only('centre_admin', 'specification_author'),
  'POST /specifications/:slug/versions': only('centre_admin', 'specification_author'),
  'GET /specifications/:slug/versions/:number': only('centre_admin', 'specification_author'),
  'POST /specifications/:slug/versions/:number': only('centre_admin', 'specification_author'),
  'GET /specifications/:slug/versions/:number/sections/:section': only(
    'centre_admin',
    'specification_author',
  ),
  'POST /specifications/:slug/versions/:number/sections/:section': only(
    'centre_admin',
    'specification_author',
  ),
  'GET /specifications/:slug/versions/:number/check': only('centre_admin', 'specification_author'),
  'POST /specifications/:slug/versions/:number/submit': only('centre_admin', 'specification_author'),
  'GET /proposals': only('specification_author', 'centre_admin', 'credential_group_member'),
  'GET /proposals/new': only('specification_author'),
  'POST /proposals/new': only('specification_author'),
  'GET /proposals/:id': only('specification_author', 'centre_admin', 'credential_group_member'),
  'GET /proposals/:id/edit': only('specification_author'),
  'POST /proposals/:id/edit': only('specification_author'),
  'GET /proposals/:id/sections/:section': only('specification_author'),
  'POST /proposals/:id/sections/:section': only('specification_author'),
  'GET /proposals/:id/check-answers': only('specification_author'),
  'POST /proposals/:id/submit': only('specification_author'),
  'POST /proposals/:id/check': CENTRE_ADMIN,
  // The Centre's check of a proposal, criterion by criterion: Centre admins only.
  'GET /proposals/:id/gateway-check': CENTRE_ADMIN,
  'GET /proposals/:id/gateway-check/:criterion': CENTRE_ADMIN,
  'POST /proposals/:id/gateway-check/:criterion': CENTRE_ADMIN,
  'POST /proposals/:id/reconsider': CENTRE_ADMIN,
  // Credential Group meetings: the group and the Centre see them; the Centre chairs (sets,
  // records attendance and minutes, closes); members vote, and declare their own interests.
  // Consultation responses hold names and e-mail addresses: Centre admins only read, theme,
  // moderate and download them; the published outcome and subscribing are public.
  'GET /reports': PUBLIC,
  'GET /reports/:dashboard': PUBLIC,
  'GET /reports/data': PUBLIC,
  'GET /reports/data/:file': PUBLIC,
  'GET /ctdl/credentials/:file': PUBLIC,
  'GET /ctdl/organisations/:file': PUBLIC,
  'GET /ctdl/framework.json': PUBLIC,
  'GET /ctdl/graph.json': PUBLIC,
  'GET /consultations/:number/responses': CENTRE_ADMIN,
  'GET /consultations/:number/responses/download': CENTRE_ADMIN,
  'GET /consultations/:number/:kind/:id/hide': CENTRE_ADMIN,
  'POST /consultations/:number/:kind/:id/hide/check': CENTRE_ADMIN,
  'POST /consultations/:number/:kind/:id/hide': CENTRE_ADMIN,
  'POST /consultations/:number/tags': CENTRE_ADMIN,
  'GET /consultations/:number/themes': CENTRE_ADMIN,
  'POST /consultations/:number/themes': CENTRE_ADMIN,
  'GET /consultations/:number/themes/:id': CENTRE_ADMIN,
  'POST /consultations/:number/themes/:id': CENTRE_ADMIN,
  'GET /consultations/:number/outcome/publish': CENTRE_ADMIN,
  'POST /consultations/:number/outcome/publish/check': CENTRE_ADMIN,
  'POST /consultations/:number/outcome/publish': CENTRE_ADMIN,
  'GET /consultations/:number/outcome': PUBLIC,
  'GET /consultations/subscribe': PUBLIC,
  'POST /consultations/subscribe': PUBLIC,
  'GET /consultations/subscribe/confirm': PUBLIC,
  'POST /consultations/subscribe/confirm': PUBLIC,
  'GET /consultations/unsubscribe': PUBLIC,
  'POST /consultations/unsubscribe': PUBLIC,
  'GET /group-meetings': only('credential_group_member', 'centre_admin'),
  'GET /group-meetings/new': CENTRE_ADMIN,
  'POST /group-meetings/new': CENTRE_ADMIN,
  'GET /group-meetings/written-procedure': CENTRE_ADMIN,
  'POST /group-meetings/written-procedure': CENTRE_ADMIN,
  'GET /group-meetings/:id': only('credential_group_member', 'centre_admin'),
  'POST /group-meetings/:id/attendance': CENTRE_ADMIN,
  'POST /group-meetings/:id/minutes': CENTRE_ADMIN,
  'POST /group-meetings/:id/close': CENTRE_ADMIN,
  'POST /group-meetings/:id/items/:itemId/interests': only('credential_group_member', 'centre_admin'),
  'POST /group-meetings/:id/items/:itemId/vote': only('credential_group_member'),
  'GET /group-meetings/:id/items/:itemId/close': CENTRE_ADMIN,
  'POST /group-meetings/:id/items/:itemId/close/check': CENTRE_ADMIN,
  'POST /group-meetings/:id/items/:itemId/close': CENTRE_ADMIN,
  'GET /credentials/:slug/expected-date': CENTRE_ADMIN,
  'GET /credentials/:slug/document': CENTRE_ADMIN,
  // Independent review: admins assign and decide; reviewers see only their own reviews.
  'GET /decisions': CENTRE_ADMIN,
  'GET /pipeline': CENTRE_ADMIN,
  'GET /pipeline/:stage': CENTRE_ADMIN,
  'GET /specifications/:slug/versions/:number/reviewers': CENTRE_ADMIN,
  'POST /specifications/:slug/versions/:number/reviewers': CENTRE_ADMIN,
  'GET /specifications/:slug/versions/:number/decision': CENTRE_ADMIN,
  'POST /specifications/:slug/versions/:number/decision': CENTRE_ADMIN,
  'POST /specifications/:slug/versions/:number/decision/check': CENTRE_ADMIN,
  // The consolidated report: drafted, edited and signed off by Centre admins only.
  'GET /specifications/:slug/versions/:number/report': CENTRE_ADMIN,
  'POST /specifications/:slug/versions/:number/report': CENTRE_ADMIN,
  'POST /specifications/:slug/versions/:number/report/draft': CENTRE_ADMIN,
  'POST /specifications/:slug/versions/:number/report/sign-off/check': CENTRE_ADMIN,
  'POST /specifications/:slug/versions/:number/report/sign-off': CENTRE_ADMIN,
  // An admin who is not a reviewer is sent to the reviews and decisions page.
  'GET /reviews': only('independent_reviewer', 'centre_admin'),
  'GET /reviews/:id': only('independent_reviewer'),
  'POST /reviews/:id': only('independent_reviewer'),
  'POST /reviews/:id/conflict': only('independent_reviewer'),
  'POST /reviews/:id/recommendation': only('independent_reviewer'),
  'POST /reviews/:id/crosswalk': only('independent_reviewer'),
  'POST /credentials/:slug/expected-date': CENTRE_ADMIN,
  'POST /credentials/:slug/document': CENTRE_ADMIN,
  // Learners and awards: the delivering provider's people (another organisation's records are
  // 404 inside the role); Centre admins also see and change awards and read evidence.
  'GET /provider/deliveries/:id/learners': only('provider_admin', 'provider_staff'),
  'GET /provider/deliveries/:id/learners/new': only('provider_admin', 'provider_staff'),
  'POST /provider/deliveries/:id/learners/new': only('provider_admin', 'provider_staff'),
  'GET /provider/learners/:id': only('provider_admin', 'provider_staff'),
  'POST /provider/learners/:id/eligibility': only('provider_admin', 'provider_staff'),
  'GET /provider/learners/:id/evidence': only('provider_admin', 'provider_staff', 'centre_admin'),
  'GET /provider/learners/:id/award': only('provider_admin', 'provider_staff'),
  'POST /provider/learners/:id/award': only('provider_admin', 'provider_staff'),
  'GET /provider/awards': only('provider_admin', 'provider_staff', 'centre_admin'),
  'GET /awards/:id': only('provider_admin', 'provider_staff', 'centre_admin'),
  'GET /awards/:id/status': only('provider_admin', 'provider_staff', 'centre_admin'),
  'POST /awards/:id/status/check': only('provider_admin', 'provider_staff', 'centre_admin'),
  'POST /awards/:id/status': only('provider_admin', 'provider_staff', 'centre_admin'),
  'GET /my/awards': SIGNED_IN,
  // Offering an award to a wallet: the award's holder only (anyone else gets a 404).
  'GET /my/awards/:id/wallet': SIGNED_IN,
  'POST /my/awards/:id/wallet': SIGNED_IN,
  // OpenID4VCI: wallets authenticate by the offer's codes and the access token, not a session.
  'GET /.well-known/openid-credential-issuer': PUBLIC,
  'GET /.well-known/oauth-authorization-server': PUBLIC,
  'GET /openid4vci/offers/:code': PUBLIC,
  'POST /openid4vci/token': PUBLIC,
  'POST /openid4vci/nonce': PUBLIC,
  'POST /openid4vci/credential': MACHINE,
  // Award uploads: the provider's people, their own organisation's only (others' are 404).
  'GET /provider/award-template.csv': only('provider_admin', 'provider_staff'),
  'GET /provider/deliveries/:id/imports/new': only('provider_admin', 'provider_staff'),
  'POST /provider/deliveries/:id/imports/new': only('provider_admin', 'provider_staff'),
  'GET /provider/imports': only('provider_admin', 'provider_staff'),
  'GET /provider/imports/:id': only('provider_admin', 'provider_staff'),
  'GET /provider/imports/:id/progress.json': only('provider_admin', 'provider_staff'),
  'GET /provider/imports/:id/problems.csv': only('provider_admin', 'provider_staff'),
  'POST /api/v1/providers/:id/awards': MACHINE,
  'GET /api/v1/providers/:id/award-imports/:importId': MACHINE,
  // Issuers: what verifiers resolve is public; rotating a key is the Centre's.
  'GET /issuers/:id/did.json': PUBLIC,
  'GET /issuers/:id': PUBLIC,
  'GET /admin/issuers': CENTRE_ADMIN,
  'GET /admin/issuers/:id/rotate-key': CENTRE_ADMIN,
  'POST /admin/issuers/:id/rotate-key': CENTRE_ADMIN,
  'GET /admin/issuers/:id': CENTRE_ADMIN,
  'GET /admin/issuers/:id/keys/:number/compromise': CENTRE_ADMIN,
  'POST /admin/issuers/:id/keys/:number/compromise': CENTRE_ADMIN,
  'POST /admin/issuers/:id/keys/:number/compromise/confirm': CENTRE_ADMIN,
  'GET /admin/endorsements': CENTRE_ADMIN,
  'GET /admin/endorsements/:versionId/withdraw': CENTRE_ADMIN,
  'POST /admin/endorsements/:versionId/withdraw': CENTRE_ADMIN,
  'POST /admin/endorsements/:versionId/withdraw/confirm': CENTRE_ADMIN,
  // What a verifier fetches: an award's credential (its holder only a salted hash), the
  // achievement, and the status lists.
  'GET /awards/:id/credential': PUBLIC,
  'GET /achievements/:slug/:number': PUBLIC,
  'GET /achievements/:slug/:number/endorsement': PUBLIC,
  'GET /status/:id/:purpose': PUBLIC,
  'GET /awards/:id/credential.jwt': PUBLIC,
  // The certificate names the holder: the holder, the provider and the Centre (others get 404).
  'GET /awards/:id/certificate.pdf': SIGNED_IN,
  // Anyone may check a credential.
  'GET /verify': PUBLIC,
  'GET /verify/about': PUBLIC,
  'POST /verify': PUBLIC,
  'GET /verify/awards/:id': PUBLIC,
  'POST /verify/awards/:id': PUBLIC,
  'POST /api/v1/verify': PUBLIC,
  // Its CORS preflight, for verifiers' pages elsewhere (src/web/plugins/security.ts).
  'OPTIONS /api/v1/verify': PUBLIC,
  // The ePortfolio route: the practitioner's own pages; a supervisor is any signed-in person the
  // practitioner invited (the service answers 404 to anyone else), as is anyone looking at a
  // portfolio they supervise or assess; a colleague confirms a testimonial by its link alone.
  'GET /my/eportfolio': PRACTITIONER,
  'POST /my/eportfolio/register': PRACTITIONER,
  'GET /my/eportfolio/supervisor': PRACTITIONER,
  'POST /my/eportfolio/supervisor': PRACTITIONER,
  'GET /my/eportfolio/evidence/new': PRACTITIONER,
  'POST /my/eportfolio/evidence/new': PRACTITIONER,
  'POST /my/eportfolio/evidence/:evidenceId/remove': PRACTITIONER,
  'GET /my/eportfolio/coverage': PRACTITIONER,
  'GET /my/eportfolio/submit': PRACTITIONER,
  'POST /my/eportfolio/submit': PRACTITIONER,
  'GET /my/eportfolio/extension': PRACTITIONER,
  'POST /my/eportfolio/extension': PRACTITIONER,
  'POST /admin/eportfolios/:id/extension/check': CENTRE_ADMIN,
  'POST /admin/eportfolios/:id/extension': CENTRE_ADMIN,
  'GET /eportfolio/supervision/accept': SIGNED_IN,
  'POST /eportfolio/supervision/accept': SIGNED_IN,
  'GET /eportfolio/supervising': SIGNED_IN,
  'GET /eportfolio/:id': SIGNED_IN,
  'POST /eportfolio/:id/comments': SIGNED_IN,
  'GET /eportfolio/:id/sign-off': SIGNED_IN,
  'POST /eportfolio/:id/sign-off': SIGNED_IN,
  'GET /eportfolio/testimonials/confirm': PUBLIC,
  'POST /eportfolio/testimonials/confirm': PUBLIC,
  'GET /eportfolio/testimonials/confirmed': PUBLIC,
  'GET /eportfolio/:id/assessment': only('independent_reviewer'),
  'POST /eportfolio/:id/interests': only('independent_reviewer'),
  'POST /eportfolio/:id/assessment': only('independent_reviewer'),
  'GET /admin/eportfolios': CENTRE_ADMIN,
  'GET /admin/eportfolios/:id': CENTRE_ADMIN,
  'POST /admin/eportfolios/:id/assessors': CENTRE_ADMIN,
  'POST /admin/eportfolios/:id/moderation': CENTRE_ADMIN,
  'POST /admin/eportfolios/:id/decision/check': CENTRE_ADMIN,
  'POST /admin/eportfolios/:id/decision': CENTRE_ADMIN,
  // A practitioner's own records: only theirs, so only practitioners (another's are 404).
  'GET /my/profile': PRACTITIONER,
  'POST /my/profile': PRACTITIONER,
  'GET /my/portfolio': PRACTITIONER,
  'GET /my/portfolio.pdf': PRACTITIONER,
  'GET /my/portfolio/clr.json': PRACTITIONER,
  'GET /my/portfolio/credentials/new': PRACTITIONER,
  'POST /my/portfolio/credentials': PRACTITIONER,
  'GET /my/portfolio/credentials/:id/file': PRACTITIONER,
  'GET /my/portfolio/credentials/:id/delete': PRACTITIONER,
  'POST /my/portfolio/credentials/:id/delete': PRACTITIONER,
  'GET /my/cpd/new': PRACTITIONER,
  'POST /my/cpd': PRACTITIONER,
  'GET /my/cpd/:id/delete': PRACTITIONER,
  'POST /my/cpd/:id/delete': PRACTITIONER,
  'GET /my/cpd/:id/edit': PRACTITIONER,
  'POST /my/cpd/:id': PRACTITIONER,
  'GET /my/cpd/:id/evidence/new': PRACTITIONER,
  'POST /my/cpd/:id/evidence': PRACTITIONER,
  'GET /my/cpd/evidence/:id': PRACTITIONER,
  'GET /my/capabilities': PRACTITIONER,
  'GET /my/directory-entry': PRACTITIONER,
  'POST /my/directory-entry': PRACTITIONER,
  'GET /my/data': PRACTITIONER,
  'GET /my/data/export': PRACTITIONER,
  'GET /my/account/close': PRACTITIONER,
  // Without the password it goes back to the form: no account is closed here.
  'POST /my/account/close': PRACTITIONER,
  'GET /account-closed': PUBLIC,
  // The directory shows only what practitioners chose to make public; anyone may check.
  'GET /directory': PUBLIC,
  'GET /directory/:id': PUBLIC,
  'GET /api/v1/directory': PUBLIC,
  'GET /api/v1/directory/:id': PUBLIC,
  'GET /employer-check': PUBLIC,
  'POST /employer-check': PUBLIC,
  // Consultations: anyone reads and responds (the service checks it is open); only Centre
  // admins draft and publish them.
  'GET /consultations': PUBLIC,
  'GET /consultations/:number': PUBLIC,
  'GET /consultations/:number/respond': PUBLIC,
  'POST /consultations/:number/respond': PUBLIC,
  'GET /consultations/:number/check-email': PUBLIC,
  'GET /consultations/:number/confirm': PUBLIC,
  'POST /consultations/:number/confirm': PUBLIC,
  'GET /admin/consultations': CENTRE_ADMIN,
  'GET /admin/consultations/new': CENTRE_ADMIN,
  'POST /admin/consultations/new': CENTRE_ADMIN,
  'GET /admin/consultations/:number': CENTRE_ADMIN,
  'GET /admin/consultations/:number/edit': CENTRE_ADMIN,
  'POST /admin/consultations/:number/edit': CENTRE_ADMIN,
  'GET /admin/consultations/:number/questions/new': CENTRE_ADMIN,
  'POST /admin/consultations/:number/questions/new': CENTRE_ADMIN,
  'GET /admin/consultations/:number/questions/:position': CENTRE_ADMIN,
  'POST /admin/consultations/:number/questions/:position': CENTRE_ADMIN,
  'POST /admin/consultations/:number/questions/:position/remove': CENTRE_ADMIN,
  'POST /admin/consultations/:number/questions/:position/move': CENTRE_ADMIN,
  'POST /admin/consultations/:number/publish': CENTRE_ADMIN,
  'POST /admin/consultations/:number/publish/confirm': CENTRE_ADMIN,
  'POST /admin/consultations/:number/close-date': CENTRE_ADMIN,
  'GET /admin/workforce-need': CENTRE_ADMIN,
  'GET /admin/workforce-need/new': CENTRE_ADMIN,
  'POST /admin/workforce-need/new': CENTRE_ADMIN,
  'GET /admin/workforce-need/:id': CENTRE_ADMIN,
  'GET /admin/workforce-need/:id/change': CENTRE_ADMIN,
  'POST /admin/workforce-need/:id/change': CENTRE_ADMIN,
  'GET /admin/workforce-need/:id/remove': CENTRE_ADMIN,
  'POST /admin/workforce-need/:id/remove': CENTRE_ADMIN,
}

describe('authorisation matrix', () => {
  let t: TestApp
  const users = new Map<Role, string>()
  let organisationId: string
  let granteeId: string
  let grantId: string
  let tokenId: string

  before(async () => {
    // OIDC is configured (lazily discovered, never reached here) so that its routes exist.
    t = await createTestApp({
      OIDC_ISSUER: 'http://127.0.0.1:9/unreachable',
      OIDC_CLIENT_ID: 'matrix',
      OIDC_CLIENT_SECRET: 'matrix-secret',
    })
    const organisation = await t.database.db
      .insertInto('organisation')
      .values({ name: 'Matrix University', kind: 'provider' })
      .returning('id')
      .executeTakeFirstOrThrow()
    organisationId = organisation.id
    for (const identity of IDENTITIES) {
      if (identity === 'anonymous') continue
      const scoped = identity === 'provider_admin' || identity === 'provider_staff'
      users.set(
        identity,
        await createAccount(t, `${identity}@example.org`, [
          { role: identity, ...(scoped ? { organisationId } : {}) },
        ]),
      )
    }
    // Removing a role is tried on an account of its own: the practitioner keeps theirs for
    // the rows after it.
    granteeId = await createAccount(t, 'grantee@example.org', [{ role: 'practitioner' }])
    grantId = (
      await t.database.db
        .selectFrom('role_grant')
        .select('id')
        .where('user_id', '=', granteeId)
        .executeTakeFirstOrThrow()
    ).id
    tokenId = (
      await t.services.apiTokens.create(organisationId, 'Matrix token', {
        userId: null,
        label: 'test',
        ip: null,
      })
    ).summary.id
  })
  after(() => t.close())

  it('has a row for every registered route, and no row for a route that is gone', () => {
    const registered = new Set(
      t.app.registeredRoutes.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`),
    )
    assert.deepEqual(
      [...registered].filter((r) => !(r in MATRIX)),
      [],
      'routes without an authorisation decision',
    )
    assert.deepEqual(
      Object.keys(MATRIX).filter((r) => !registered.has(r)),
      [],
      'rows for routes that do not exist',
    )
  })

  function concreteUrl(url: string): string {
    return url
      .replace(':slug', 'acute-medicine')
      .replace(':kind', 'gateway')
      .replace(':version', '1')
      .replace(':stage', 'decisions-due')
      .replace(':criterion', 'G1')
      .replace('/provider/api-tokens/:id', `/provider/api-tokens/${tokenId}`)
      .replace('/admin/accounts/:id/roles/:grantId', `/admin/accounts/${granteeId}/roles/${grantId}`)
      .replace(':id', users.get('practitioner')!)
      .replace('/assets/nhsuk/*', '/assets/nhsuk/nhsuk-frontend.min.js')
      .replace('/assets/app/*', '/assets/app/app.css')
      .replace('/assets/*', '/assets/images/favicon.svg')
  }

  /** A fresh session for each request, so that signing out in one case cannot spoil another. */
  async function request(identity: Identity, method: string, url: string) {
    const { token, session } = await t.services.sessions.create(
      identity === 'anonymous' ? null : users.get(identity)!,
    )
    return t.app.inject({
      method: method as 'GET' | 'POST',
      url,
      headers: {
        cookie: `__Host-apc_session=${token}`,
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(method === 'POST'
        ? {
            payload: new URLSearchParams({
              _csrf: session.csrfToken,
              organisation: organisationId,
            }).toString(),
          }
        : {}),
    })
  }

  function outcomeOf(res: { statusCode: number; headers: Record<string, unknown> }): Outcome | 'error' {
    if (res.statusCode >= 500) return 'error'
    if (res.statusCode === 401) return 'token'
    if (res.statusCode === 403) return 'deny'
    if (res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in?returnTo='))
      return 'sign-in'
    return 'allow'
  }

  for (const [route, expected] of Object.entries(MATRIX)) {
    it(route, async () => {
      const [method, url] = route.split(' ') as [string, string]
      const actual: Record<string, string> = {}
      for (const identity of IDENTITIES)
        actual[identity] = outcomeOf(await request(identity, method, concreteUrl(url)))
      assert.deepEqual(actual, expected)
    })
  }

  it('lets a machine client with a valid token use its route, whoever is signed in', async () => {
    const { token } = await t.services.apiTokens.create(organisationId, 'Second', {
      userId: null,
      label: 'test',
      ip: null,
    })
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(res.statusCode, 200)
  })
})

// Bad input never hurts: for every route the app registers, requests with bad input get a
// 4xx (or a page that ignores what it does not use), never a 500. A new route without a
// row here fails the test, so nothing ships without a decision.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createAccount } from '../support/agent.ts'
import { createTestApp, type TestApp } from '../support/app.ts'

type Case = [
  url: string,
  expected: number,
  form?: string,
  as?:
    | 'centre_admin'
    | 'provider_admin'
    | 'specification_author'
    | 'independent_reviewer'
    | 'practitioner'
    | 'credential_group_member',
]

const long = 'x'.repeat(5000)
const ZERO_ID = '00000000-0000-4000-8000-000000000000'

const CASES: Record<string, Case[]> = {
  // Learners and awards: malformed ids are 400, unknown ones 404, bad fields go back to the form.
  'GET /provider/deliveries/:id/learners': [
    ['/provider/deliveries/not-a-uuid/learners', 400, undefined, 'provider_admin'],
    [`/provider/deliveries/${ZERO_ID}/learners`, 404, undefined, 'provider_admin'],
    [`/provider/deliveries/${ZERO_ID}/learners?page=Infinity`, 400, undefined, 'provider_admin'],
    [`/provider/deliveries/${ZERO_ID}/learners?q=${long}`, 400, undefined, 'provider_admin'],
    [`/provider/deliveries/${ZERO_ID}/learners?format=xlsx`, 400, undefined, 'provider_admin'],
  ],
  'GET /provider/deliveries/:id/learners/new': [
    [`/provider/deliveries/${ZERO_ID}/learners/new`, 404, undefined, 'provider_admin'],
  ],
  'POST /provider/deliveries/:id/learners/new': [
    ['/provider/deliveries/%27--/learners/new', 400, 'givenName=x', 'provider_admin'],
    [`/provider/deliveries/${ZERO_ID}/learners/new`, 404, `givenName=${long}&email[]=x`, 'provider_admin'],
  ],
  'GET /provider/learners/:id': [[`/provider/learners/${ZERO_ID}`, 404, undefined, 'provider_admin']],
  'POST /provider/learners/:id/eligibility': [
    [`/provider/learners/${ZERO_ID}/eligibility`, 404, 'basis=astrology&mscYear=-1', 'provider_admin'],
    ['/provider/learners/1/eligibility', 400, 'basis=holds_msc', 'provider_admin'],
  ],
  'GET /provider/learners/:id/evidence': [
    [`/provider/learners/${ZERO_ID}/evidence`, 404, undefined, 'centre_admin'],
  ],
  'GET /provider/learners/:id/award': [
    [`/provider/learners/${ZERO_ID}/award`, 404, undefined, 'provider_admin'],
  ],
  'POST /provider/learners/:id/award': [
    [
      `/provider/learners/${ZERO_ID}/award`,
      404,
      'awardedOn%5Bday%5D=99&awardedOn%5Bmonth%5D=x&awardedOn%5Byear%5D=-1',
      'provider_admin',
    ],
  ],
  'GET /provider/awards': [
    ['/provider/awards?status=astrology', 200, undefined, 'provider_admin'],
    [`/provider/awards?status=${long}`, 400, undefined, 'centre_admin'],
    ['/provider/awards?page=Infinity', 400, undefined, 'provider_admin'],
    ['/provider/awards?page=-1', 400, undefined, 'provider_admin'],
    ['/provider/awards?page=1e9', 400, undefined, 'provider_admin'],
    [`/provider/awards?q=${long}`, 400, undefined, 'provider_admin'],
    ['/provider/awards?q=%25_%5C%27--', 200, undefined, 'provider_admin'],
    ['/provider/awards?delivery=not-a-uuid&status=active', 200, undefined, 'provider_admin'],
    ['/provider/awards?from[day]=99&from[month]=x&from[year]=-1', 200, undefined, 'provider_admin'],
    ['/provider/awards?format=xlsx', 400, undefined, 'provider_admin'],
    ['/provider/awards?format=csv&q=%3D1%2B1', 200, undefined, 'centre_admin'],
  ],
  'GET /awards/:id': [
    ['/awards/not-a-uuid', 400, undefined, 'centre_admin'],
    [`/awards/${ZERO_ID}`, 404, undefined, 'centre_admin'],
  ],
  'GET /awards/:id/status': [
    ['/awards/not-a-uuid/status', 400, undefined, 'centre_admin'],
    [`/awards/${ZERO_ID}/status`, 404, undefined, 'centre_admin'],
  ],
  'POST /awards/:id/status/check': [
    [`/awards/${ZERO_ID}/status/check`, 404, 'action=revoke&reason=x', 'centre_admin'],
    ['/awards/x/status/check', 400, 'action=revoke&reason=x', 'provider_admin'],
  ],
  'POST /awards/:id/status': [
    [`/awards/${ZERO_ID}/status`, 404, 'action=explode&reason=', 'centre_admin'],
    ['/awards/x/status', 400, 'action=revoke&reason=x', 'provider_admin'],
  ],
  'GET /my/awards': [['/my/awards?x=%00', 200, undefined, 'centre_admin']],
  'GET /my/awards/:id/wallet': [
    ['/my/awards/not-a-uuid/wallet', 400, undefined, 'practitioner'],
    [`/my/awards/${ZERO_ID}/wallet`, 404, undefined, 'practitioner'],
  ],
  'POST /my/awards/:id/wallet': [
    ['/my/awards/%27--/wallet', 400, 'x=1', 'practitioner'],
    [`/my/awards/${ZERO_ID}/wallet`, 404, `x=${long}`, 'practitioner'],
  ],
  'GET /.well-known/openid-credential-issuer': [['/.well-known/openid-credential-issuer?x=%00', 200]],
  'GET /.well-known/oauth-authorization-server': [['/.well-known/oauth-authorization-server?x=%00', 200]],
  'GET /openid4vci/offers/:code': [
    ['/openid4vci/offers/short', 400],
    [`/openid4vci/offers/${'a'.repeat(43)}`, 404],
    ['/openid4vci/offers/%27%20or%201=1--aaaaaaaaaaaaaaaaaaaa', 400],
  ],
  // The protocol's own errors: OAuth 2.0 error objects with 400, or 401 without a token.
  'POST /openid4vci/token': [
    ['/openid4vci/token', 400, 'grant_type=password'],
    ['/openid4vci/token', 400, 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code'],
    [
      '/openid4vci/token',
      400,
      `grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code&pre-authorized_code=${long}&tx_code[]=1`,
    ],
  ],
  'POST /openid4vci/nonce': [['/openid4vci/nonce', 200, `x=${long}`]],
  'POST /openid4vci/credential': [['/openid4vci/credential', 401, 'credential_configuration_id[]=x']],
  // Award uploads: malformed ids are 400, unknown (or another organisation's) ones 404; the
  // API refuses before reading anything without a token (with one: its route tests).
  'GET /provider/award-template.csv': [
    ['/provider/award-template.csv?x=%00', 200, undefined, 'provider_admin'],
  ],
  'GET /provider/deliveries/:id/imports/new': [
    ['/provider/deliveries/not-a-uuid/imports/new', 400, undefined, 'provider_admin'],
    [`/provider/deliveries/${ZERO_ID}/imports/new`, 404, undefined, 'provider_admin'],
  ],
  'POST /provider/deliveries/:id/imports/new': [
    [`/provider/deliveries/${ZERO_ID}/imports/new`, 404, `file=${long}`, 'provider_admin'],
    ['/provider/deliveries/1/imports/new', 400, 'file=x', 'provider_admin'],
  ],
  'GET /provider/imports': [
    ['/provider/imports?x=' + long, 200, undefined, 'provider_admin'],
    ['/provider/imports?page=0', 400, undefined, 'provider_admin'],
    ['/provider/imports?state=' + long, 400, undefined, 'provider_admin'],
    ['/provider/imports?state=astrology&format=csv', 200, undefined, 'provider_admin'],
  ],
  'GET /provider/imports/:id': [
    ['/provider/imports/%27--', 400, undefined, 'provider_admin'],
    [`/provider/imports/${ZERO_ID}`, 404, undefined, 'provider_admin'],
  ],
  'GET /provider/imports/:id/progress.json': [
    ['/provider/imports/%27--/progress.json', 400, undefined, 'provider_admin'],
    [`/provider/imports/${ZERO_ID}/progress.json`, 404, undefined, 'provider_admin'],
  ],
  'GET /provider/imports/:id/problems.csv': [
    ['/provider/imports/%27--/problems.csv', 400, undefined, 'provider_admin'],
    [`/provider/imports/${ZERO_ID}/problems.csv`, 404, undefined, 'provider_admin'],
  ],
  'POST /api/v1/providers/:id/awards': [[`/api/v1/providers/${ZERO_ID}/awards`, 401, 'awards=x']],
  'GET /api/v1/providers/:id/award-imports/:importId': [['/api/v1/providers/x/award-imports/%00', 401]],
  'GET /issuers/:id/did.json': [
    ['/issuers/not-a-uuid/did.json', 400],
    [`/issuers/${ZERO_ID}/did.json`, 404],
  ],
  'GET /issuers/:id': [
    ['/issuers/%27%20or%201%3D1--', 400],
    [`/issuers/${ZERO_ID}`, 404],
  ],
  'GET /awards/:id/credential': [
    ['/awards/%00/credential', 400],
    [`/awards/${ZERO_ID}/credential?download=${long}`, 400],
    [`/awards/${ZERO_ID}/credential?download=1`, 404],
  ],
  'GET /achievements/:slug/:number': [
    ['/achievements/acute-medicine/0', 400],
    ['/achievements/%27%20or%201=1/1', 400],
    ['/achievements/acute-medicine/99999999999', 400],
    ['/achievements/acute-medicine/1', 404],
  ],
  'GET /achievements/:slug/:number/endorsement': [
    ['/achievements/x/-1/endorsement', 400],
    ['/achievements/no-such-credential/1/endorsement', 404],
  ],
  'GET /status/:id/:purpose': [
    ['/status/1/expiry', 400],
    ['/status/-1/revocation', 400],
    ['/status/1/revocation', 404],
  ],
  'GET /awards/:id/credential.jwt': [
    ['/awards/x/credential.jwt', 400],
    [`/awards/${ZERO_ID}/credential.jwt`, 404],
  ],
  'GET /awards/:id/certificate.pdf': [
    ['/awards/%00/certificate.pdf', 400, undefined, 'specification_author'],
    [`/awards/${ZERO_ID}/certificate.pdf`, 404, undefined, 'centre_admin'],
  ],
  'GET /verify': [['/verify?x=%00', 200]],
  'GET /verify/about': [['/verify/about?x=%00', 200]],
  'POST /verify': [
    ['/verify', 303, 'credential=', 'centre_admin'],
    ['/verify', 200, 'credential=%00%7B', 'centre_admin'],
    ['/verify', 200, 'credential=%7B%22%40context%22%3A5%7D&holder=a%40b.c', 'centre_admin'],
    ['/verify', 303, 'credential=%7B%7D&holder=x', 'centre_admin'],
    ['/verify', 400, `credential=a&credential=b`, 'centre_admin'],
  ],
  'GET /verify/awards/:id': [
    ['/verify/awards/nope', 400],
    [`/verify/awards/${ZERO_ID}`, 404],
  ],
  'POST /verify/awards/:id': [
    [`/verify/awards/${ZERO_ID}`, 404, 'holder=a%40b.c', 'centre_admin'],
    ['/verify/awards/1', 400, 'holder=a%40b.c', 'centre_admin'],
  ],
  // A practitioner's own records: another's, unknown or malformed ids are 404; bad fields go
  // back to the form with their messages, and a form-encoded post to a file form finds no file.
  'GET /my/profile': [['/my/profile?x=%00', 200, undefined, 'practitioner']],
  'POST /my/profile': [
    [
      '/my/profile',
      303,
      `rowVersion=x&givenName=${long}&profession=astrology&regulator=%00&registrationNumber=%00&region=mars`,
      'practitioner',
    ],
    ['/my/profile', 303, 'regulator=NMC&registrationNumber=%27--&employer=%00', 'practitioner'],
    ['/my/profile', 400, 'givenName=a&givenName=b', 'practitioner'],
    ['/my/profile', 400, `familyName=${long}${long}${long}`, 'practitioner'],
  ],
  // The ePortfolio route: malformed ids are 400, unknown ones 404; forms with junk go back to the form.
  'GET /my/eportfolio': [['/my/eportfolio?x=' + long, 200, undefined, 'practitioner']],
  'POST /my/eportfolio/register': [['/my/eportfolio/register', 303, `x=${long}`, 'practitioner']],
  'GET /my/eportfolio/supervisor': [['/my/eportfolio/supervisor?x=%00', 200, undefined, 'practitioner']],
  'POST /my/eportfolio/supervisor': [
    ['/my/eportfolio/supervisor', 303, `name=${long}&email=%00&rowVersion=Infinity`, 'practitioner'],
    ['/my/eportfolio/supervisor', 400, `name=${'x'.repeat(10_001)}`, 'practitioner'],
  ],
  'GET /my/eportfolio/evidence/new': [['/my/eportfolio/evidence/new?x=%00', 200, undefined, 'practitioner']],
  'POST /my/eportfolio/evidence/new': [
    ['/my/eportfolio/evidence/new', 303, `kind=astrology&title=${long}`, 'practitioner'],
    [
      '/my/eportfolio/evidence/new',
      303,
      'kind=reflection&capabilities=9.9&note_9.9=x&rowVersion=-1',
      'practitioner',
    ],
  ],
  'POST /my/eportfolio/evidence/:evidenceId/remove': [
    ['/my/eportfolio/evidence/not-a-uuid/remove', 400, 'rowVersion=1', 'practitioner'],
    [`/my/eportfolio/evidence/${ZERO_ID}/remove`, 303, 'rowVersion=x', 'practitioner'],
  ],
  'GET /my/eportfolio/coverage': [['/my/eportfolio/coverage?x=%00', 200, undefined, 'practitioner']],
  'GET /my/eportfolio/submit': [['/my/eportfolio/submit?x=%00', 200, undefined, 'practitioner']],
  'POST /my/eportfolio/submit': [['/my/eportfolio/submit', 303, 'rowVersion=NaN', 'practitioner']],
  'GET /my/eportfolio/extension': [['/my/eportfolio/extension?x=%00', 200, undefined, 'practitioner']],
  'POST /my/eportfolio/extension': [
    [
      '/my/eportfolio/extension',
      303,
      'until%5Bday%5D=99&until%5Bmonth%5D=x&until%5Byear%5D=-1&reason=' + long,
      'practitioner',
    ],
  ],
  'POST /admin/eportfolios/:id/extension/check': [
    [`/admin/eportfolios/${ZERO_ID}/extension/check`, 404, 'decision=granted&note=x', 'centre_admin'],
    [`/admin/eportfolios/${ZERO_ID}/extension/check`, 303, 'decision=maybe', 'centre_admin'],
  ],
  'POST /admin/eportfolios/:id/extension': [
    [`/admin/eportfolios/${ZERO_ID}/extension`, 404, 'decision=granted&rowVersion=1', 'centre_admin'],
    ['/admin/eportfolios/x/extension', 400, 'decision=granted', 'centre_admin'],
  ],
  'GET /eportfolio/supervision/accept': [
    ['/eportfolio/supervision/accept?token=%00%27--', 200, undefined, 'practitioner'],
    [`/eportfolio/supervision/accept?token=${long}`, 400, undefined, 'practitioner'],
  ],
  'POST /eportfolio/supervision/accept': [
    ['/eportfolio/supervision/accept', 303, 'token=%27--', 'practitioner'],
  ],
  'GET /eportfolio/supervising': [
    ['/eportfolio/supervising?page=Infinity', 400, undefined, 'practitioner'],
    ['/eportfolio/supervising?page=0', 400, undefined, 'practitioner'],
  ],
  'GET /eportfolio/:id': [
    ['/eportfolio/not-a-uuid', 400, undefined, 'centre_admin'],
    [`/eportfolio/${ZERO_ID}`, 404, undefined, 'centre_admin'],
  ],
  'POST /eportfolio/:id/comments': [
    [`/eportfolio/${ZERO_ID}/comments`, 404, `comment=${long}`, 'practitioner'],
    ['/eportfolio/%27--/comments', 400, 'comment=x', 'practitioner'],
  ],
  'GET /eportfolio/:id/sign-off': [[`/eportfolio/${ZERO_ID}/sign-off`, 404, undefined, 'practitioner']],
  'POST /eportfolio/:id/sign-off': [
    [`/eportfolio/${ZERO_ID}/sign-off`, 404, 'rowVersion=-1', 'practitioner'],
  ],
  'GET /eportfolio/testimonials/confirm': [
    ['/eportfolio/testimonials/confirm?token=%27--', 400, undefined, 'practitioner'],
  ],
  'POST /eportfolio/testimonials/confirm': [
    ['/eportfolio/testimonials/confirm', 303, `token=${long}`, 'practitioner'],
  ],
  'GET /eportfolio/testimonials/confirmed': [
    ['/eportfolio/testimonials/confirmed?x=%00', 200, undefined, 'practitioner'],
  ],
  'GET /eportfolio/:id/assessment': [
    [`/eportfolio/${ZERO_ID}/assessment`, 404, undefined, 'independent_reviewer'],
    ['/eportfolio/1/assessment', 400, undefined, 'independent_reviewer'],
  ],
  'POST /eportfolio/:id/interests': [
    [`/eportfolio/${ZERO_ID}/interests`, 404, 'conflict=no', 'independent_reviewer'],
    [`/eportfolio/${ZERO_ID}/interests`, 303, 'conflict=maybe', 'independent_reviewer'],
  ],
  'POST /eportfolio/:id/assessment': [
    [
      `/eportfolio/${ZERO_ID}/assessment`,
      404,
      'judgement_1.1=astrology&complete=yes',
      'independent_reviewer',
    ],
  ],
  'GET /admin/eportfolios': [
    ['/admin/eportfolios?state=astrology&q=%25_%5C%27--', 200, undefined, 'centre_admin'],
    [`/admin/eportfolios?q=${long}`, 400, undefined, 'centre_admin'],
    ['/admin/eportfolios?page=1e9', 400, undefined, 'centre_admin'],
  ],
  'GET /admin/eportfolios/:id': [
    [`/admin/eportfolios/${ZERO_ID}`, 404, undefined, 'centre_admin'],
    ['/admin/eportfolios/x', 400, undefined, 'centre_admin'],
  ],
  'POST /admin/eportfolios/:id/assessors': [
    [`/admin/eportfolios/${ZERO_ID}/assessors`, 404, 'assessor=x&rowVersion=1', 'centre_admin'],
  ],
  'POST /admin/eportfolios/:id/moderation': [
    [`/admin/eportfolios/${ZERO_ID}/moderation`, 404, 'judgement_1.1=x&rowVersion=1', 'centre_admin'],
  ],
  'POST /admin/eportfolios/:id/decision/check': [
    [`/admin/eportfolios/${ZERO_ID}/decision/check`, 404, 'outcome=explode', 'centre_admin'],
  ],
  'POST /admin/eportfolios/:id/decision': [
    [`/admin/eportfolios/${ZERO_ID}/decision`, 404, 'outcome=recognised&rowVersion=1', 'centre_admin'],
  ],
  'GET /my/portfolio': [['/my/portfolio?x=' + long, 200, undefined, 'practitioner']],
  'GET /my/portfolio.pdf': [['/my/portfolio.pdf?x=%00', 200, undefined, 'practitioner']],
  'GET /my/portfolio/clr.json': [['/my/portfolio/clr.json?x=%00', 200, undefined, 'practitioner']],
  'GET /my/portfolio/credentials/new': [
    ['/my/portfolio/credentials/new?x=%00', 200, undefined, 'practitioner'],
  ],
  'POST /my/portfolio/credentials': [
    ['/my/portfolio/credentials', 303, `credentialFile=${long}`, 'practitioner'],
    ['/my/portfolio/credentials', 303, 'credentialFile=a&credentialFile=b', 'practitioner'],
  ],
  'GET /my/portfolio/credentials/:id/file': [
    ['/my/portfolio/credentials/not-a-uuid/file', 404, undefined, 'practitioner'],
    [`/my/portfolio/credentials/${ZERO_ID}/file`, 404, undefined, 'practitioner'],
    [`/my/portfolio/credentials/${'x'.repeat(101)}/file`, 400, undefined, 'practitioner'],
  ],
  'GET /my/portfolio/credentials/:id/delete': [
    [`/my/portfolio/credentials/${ZERO_ID}/delete`, 404, undefined, 'practitioner'],
    ['/my/portfolio/credentials/%27--/delete', 404, undefined, 'practitioner'],
    [`/my/portfolio/credentials/${'x'.repeat(101)}/delete`, 400, undefined, 'practitioner'],
  ],
  'POST /my/portfolio/credentials/:id/delete': [
    [`/my/portfolio/credentials/${ZERO_ID}/delete`, 404, 'x=1', 'practitioner'],
    ['/my/portfolio/credentials/%27--/delete', 404, '', 'practitioner'],
  ],
  'GET /my/cpd/new': [['/my/cpd/new?x=%00', 200, undefined, 'practitioner']],
  'POST /my/cpd': [
    [
      '/my/cpd',
      303,
      `title=${long}&day=31&month=2&year=2026&hours=-1&type=astrology&reflection=%00&capabilities=9.9&evidence=x`,
      'practitioner',
    ],
    ['/my/cpd', 303, 'day=1&month=1&year=99999&hours=1e3&capabilities=1.1&capabilities=%00', 'practitioner'],
    ['/my/cpd', 400, 'title=a&title=b', 'practitioner'],
  ],
  'GET /my/cpd/:id/evidence/new': [
    [`/my/cpd/${ZERO_ID}/evidence/new`, 404, undefined, 'practitioner'],
    ['/my/cpd/%00/evidence/new', 404, undefined, 'practitioner'],
  ],
  'POST /my/cpd/:id/evidence': [
    [`/my/cpd/${ZERO_ID}/evidence`, 404, 'evidence=x', 'practitioner'],
    ['/my/cpd/x/evidence', 404, `evidence=${long}`, 'practitioner'],
  ],
  'GET /my/cpd/:id/edit': [
    [`/my/cpd/${ZERO_ID}/edit`, 404, undefined, 'practitioner'],
    ['/my/cpd/%00/edit', 404, undefined, 'practitioner'],
  ],
  'POST /my/cpd/:id': [
    [
      `/my/cpd/${ZERO_ID}`,
      404,
      `rowVersion=1e3&title=${long}&day=31&month=2&year=2026&hours=-1`,
      'practitioner',
    ],
    ['/my/cpd/x', 404, 'rowVersion=%00&capabilities=1.1&capabilities=%00', 'practitioner'],
    [`/my/cpd/${ZERO_ID}`, 400, 'title=a&title=b', 'practitioner'],
  ],
  'GET /my/cpd/:id/delete': [
    [`/my/cpd/${ZERO_ID}/delete`, 404, undefined, 'practitioner'],
    ['/my/cpd/%00/delete', 404, undefined, 'practitioner'],
    [`/my/cpd/${'x'.repeat(101)}/delete`, 400, undefined, 'practitioner'],
  ],
  'POST /my/cpd/:id/delete': [
    [`/my/cpd/${ZERO_ID}/delete`, 404, 'x=1', 'practitioner'],
    ['/my/cpd/x/delete', 404, '', 'practitioner'],
  ],
  'GET /my/cpd/evidence/:id': [
    [`/my/cpd/evidence/${ZERO_ID}`, 404, undefined, 'practitioner'],
    ['/my/cpd/evidence/%27%20or%201%3D1--', 404, undefined, 'practitioner'],
  ],
  'GET /my/capabilities': [['/my/capabilities?x=1', 200, undefined, 'practitioner']],
  'GET /my/directory-entry': [['/my/directory-entry?x=%00', 200, undefined, 'practitioner']],
  'POST /my/directory-entry': [
    ['/my/directory-entry', 303, 'listed=maybe&show=astrology', 'practitioner'],
    ['/my/directory-entry', 303, `listed=yes&show=region&awardIds=${ZERO_ID}&awardIds=x`, 'practitioner'],
    ['/my/directory-entry', 400, 'listed=yes&listed=no', 'practitioner'],
  ],
  'GET /my/data': [['/my/data?x=1', 200, undefined, 'practitioner']],
  'GET /my/data/export': [['/my/data/export?x=%00', 200, undefined, 'practitioner']],
  // Never confirmed here: the practitioner's account must outlive this file.
  'GET /my/account/close': [['/my/account/close?x=1', 200, undefined, 'practitioner']],
  'POST /my/account/close': [
    ['/my/account/close', 303, 'password=not-the-password', 'practitioner'],
    ['/my/account/close', 400, 'password=a&password=b', 'practitioner'],
  ],
  'GET /account-closed': [['/account-closed?x=1', 200]],
  // The directory and the employer check: anyone may send anything.
  // Consultations: a number that is not one is 400, an unknown one 404; answers that are not
  // the question's choices go back to the form.
  // Dashboards: a filter that cannot be read is shown in the error summary (the page) or
  // refused as a problem document (the data); an unknown dashboard or figure is not found.
  'GET /reports': [['/reports?x=%00', 200]],
  'GET /reports/:dashboard': [
    ['/reports/nowhere', 404],
    ['/reports/take-up?from=2026-13', 200],
    ['/reports/take-up?from=2026-06&to=2025-01&region=mars&provider=%27--&area=none', 200],
    [`/reports/take-up?profession=${long}`, 400],
  ],
  'GET /reports/data': [['/reports/data?format=xml', 200]],
  'GET /ctdl/credentials/:file': [
    ['/ctdl/credentials/acute-medicine', 404],
    ['/ctdl/credentials/..%2F..%2Fetc%2Fpasswd', 404],
    ['/ctdl/credentials/%27%20or%201=1.json', 404],
    ['/ctdl/credentials/%00.json', 404],
    [`/ctdl/credentials/${long}.json`, 414],
  ],
  'GET /ctdl/organisations/:file': [
    ['/ctdl/organisations/not-a-uuid.json', 404],
    [`/ctdl/organisations/${ZERO_ID}.json`, 404],
    [`/ctdl/organisations/${ZERO_ID}`, 404],
    [`/ctdl/organisations/${long}.json`, 414],
  ],
  'GET /ctdl/framework.json': [['/ctdl/framework.json?x=%00', 200]],
  'GET /ctdl/graph.json': [[`/ctdl/graph.json?x=${long}`, 200]],
  'GET /reports/data/:file': [
    ['/reports/data/awards-by-month.xlsx', 404],
    ['/reports/data/..%2F..%2Fetc%2Fpasswd', 404],
    ['/reports/data/no-such-figure.csv', 404],
    ['/reports/data/awards-by-month.json?from=June', 400],
    ['/reports/data/awards-by-month.csv?region=mars', 400],
    [`/reports/data/awards-by-month.csv?area=${long}`, 400],
  ],
  'GET /consultations': [
    ['/consultations?phase=%27--&page=2', 200],
    ['/consultations?page=-1', 400],
    ['/consultations?phase=a&phase=b', 400],
  ],
  'GET /consultations/:number': [
    ['/consultations/x', 400],
    ['/consultations/999999', 404],
  ],
  'GET /consultations/:number/respond': [
    ['/consultations/%00/respond', 400],
    [`/consultations/999999/respond?passage=${long}`, 400],
    ['/consultations/999999/respond?passage=%27&token=x', 404],
  ],
  'POST /consultations/:number/respond': [
    ['/consultations/999999/respond', 404, `answer-1=${long}&comment-x=y&capacity=%00`],
    ['/consultations/x/respond', 400, 'capacity=other'],
    ['/consultations/999999/respond', 400, 'capacity=a&capacity=b'],
  ],
  'GET /consultations/:number/check-email': [['/consultations/999999/check-email', 404]],
  'GET /consultations/:number/confirm': [
    ['/consultations/999999/confirm?token=x', 404],
    [`/consultations/1/confirm?token=${long}`, 400],
  ],
  'POST /consultations/:number/confirm': [
    ['/consultations/999999/confirm', 404, 'token=x'],
    ['/consultations/-1/confirm', 400, 'token=x'],
  ],
  'GET /admin/consultations': [
    ['/admin/consultations?page=0', 400, undefined, 'centre_admin'],
    ['/admin/consultations?phase=%27&x=1', 200, undefined, 'centre_admin'],
  ],
  'GET /admin/consultations/new': [['/admin/consultations/new?x=1', 200, undefined, 'centre_admin']],
  'POST /admin/consultations/new': [
    [
      '/admin/consultations/new',
      400,
      `title=${long}&subject=%00&specificationVersionId=not-a-uuid&area=%27&opensOn%5Bday%5D=99&closesOn%5Byear%5D=-1`,
      'centre_admin',
    ],
    [
      '/admin/consultations/new',
      303,
      `subject=specification&specificationVersionId=${ZERO_ID}`,
      'centre_admin',
    ],
    ['/admin/consultations/new', 400, 'title=a&title=b', 'centre_admin'],
  ],
  'GET /admin/consultations/:number': [
    ['/admin/consultations/x', 400, undefined, 'centre_admin'],
    ['/admin/consultations/999999', 404, undefined, 'centre_admin'],
  ],
  'GET /admin/consultations/:number/edit': [
    ['/admin/consultations/999999/edit', 404, undefined, 'centre_admin'],
  ],
  'POST /admin/consultations/:number/edit': [
    ['/admin/consultations/999999/edit', 404, 'rowVersion=x&title=t', 'centre_admin'],
    ['/admin/consultations/1.5/edit', 400, 'rowVersion=1', 'centre_admin'],
  ],
  'GET /admin/consultations/:number/questions/new': [
    ['/admin/consultations/999999/questions/new', 404, undefined, 'centre_admin'],
  ],
  'POST /admin/consultations/:number/questions/new': [
    [
      '/admin/consultations/999999/questions/new',
      404,
      `kind=%00&prompt=${long}&options=${long}`,
      'centre_admin',
    ],
  ],
  'GET /admin/consultations/:number/questions/:position': [
    ['/admin/consultations/999999/questions/1', 404, undefined, 'centre_admin'],
    ['/admin/consultations/1/questions/0', 400, undefined, 'centre_admin'],
  ],
  'POST /admin/consultations/:number/questions/:position': [
    [
      '/admin/consultations/999999/questions/1',
      404,
      'rowVersion=1&kind=text&prompt=x&required=yes',
      'centre_admin',
    ],
    ['/admin/consultations/1/questions/x', 400, 'rowVersion=1', 'centre_admin'],
  ],
  'POST /admin/consultations/:number/questions/:position/remove': [
    ['/admin/consultations/999999/questions/1/remove', 404, 'rowVersion=1', 'centre_admin'],
  ],
  'POST /admin/consultations/:number/questions/:position/move': [
    ['/admin/consultations/999999/questions/1/move', 303, 'rowVersion=1&direction=sideways', 'centre_admin'],
    ['/admin/consultations/999999/questions/1/move', 404, 'rowVersion=1&direction=up', 'centre_admin'],
  ],
  'POST /admin/consultations/:number/publish': [
    ['/admin/consultations/999999/publish', 404, 'rowVersion=%00', 'centre_admin'],
  ],
  'POST /admin/consultations/:number/publish/confirm': [
    ['/admin/consultations/999999/publish/confirm', 404, 'rowVersion=1', 'centre_admin'],
  ],
  'POST /admin/consultations/:number/close-date': [
    [
      '/admin/consultations/999999/close-date',
      303,
      'closesOn%5Bday%5D=31&closesOn%5Bmonth%5D=2',
      'centre_admin',
    ],
    [
      '/admin/consultations/999999/close-date',
      404,
      'rowVersion=1&closesOn%5Bday%5D=1&closesOn%5Bmonth%5D=2&closesOn%5Byear%5D=2030',
      'centre_admin',
    ],
  ],
  // Workforce need: malformed ids are 400, unknown ones 404, bad fields go back to the form.
  'GET /admin/workforce-need': [
    ['/admin/workforce-need?page=0', 400, undefined, 'centre_admin'],
    ['/admin/workforce-need?area=%27--&region=mars&x=1', 200, undefined, 'centre_admin'],
    [`/admin/workforce-need?area=${long}`, 400, undefined, 'centre_admin'],
  ],
  'GET /admin/workforce-need/new': [['/admin/workforce-need/new?x=1', 200, undefined, 'centre_admin']],
  'POST /admin/workforce-need/new': [
    ['/admin/workforce-need/new', 400, `planned=${long}&source=x`, 'centre_admin'],
    [
      '/admin/workforce-need/new',
      303,
      'subjectKind=%00&credential=%27&region=mars&financialYear=99999&planned=-1&sourceDate%5Bday%5D=99',
      'centre_admin',
    ],
    [
      '/admin/workforce-need/new',
      303,
      'subjectKind=credential&credential=no-such&region=london&financialYear=2026&planned=999999999&source=x&sourceDate%5Bday%5D=1&sourceDate%5Bmonth%5D=1&sourceDate%5Byear%5D=2020',
      'centre_admin',
    ],
    ['/admin/workforce-need/new', 400, 'planned=1&planned=2', 'centre_admin'],
  ],
  'GET /admin/workforce-need/:id': [
    ['/admin/workforce-need/x', 400, undefined, 'centre_admin'],
    [`/admin/workforce-need/${ZERO_ID}`, 404, undefined, 'centre_admin'],
  ],
  'GET /admin/workforce-need/:id/change': [
    ['/admin/workforce-need/%00/change', 400, undefined, 'centre_admin'],
    [`/admin/workforce-need/${ZERO_ID}/change`, 404, undefined, 'centre_admin'],
  ],
  'POST /admin/workforce-need/:id/change': [
    [
      `/admin/workforce-need/${ZERO_ID}/change`,
      404,
      'rowVersion=1&planned=3&source=x&reason=y&sourceDate%5Bday%5D=1&sourceDate%5Bmonth%5D=1&sourceDate%5Byear%5D=2020',
      'centre_admin',
    ],
    [
      `/admin/workforce-need/${ZERO_ID}/change`,
      303,
      `rowVersion=%00&planned=x&reason=${'r'.repeat(1500)}`,
      'centre_admin',
    ],
    ['/admin/workforce-need/x/change', 400, 'rowVersion=1', 'centre_admin'],
  ],
  'GET /admin/workforce-need/:id/remove': [
    ['/admin/workforce-need/1/remove', 400, undefined, 'centre_admin'],
    [`/admin/workforce-need/${ZERO_ID}/remove`, 404, undefined, 'centre_admin'],
  ],
  'POST /admin/workforce-need/:id/remove': [
    [`/admin/workforce-need/${ZERO_ID}/remove`, 404, 'rowVersion=1&reason=x', 'centre_admin'],
    [`/admin/workforce-need/${ZERO_ID}/remove`, 303, 'rowVersion=1&reason=', 'centre_admin'],
    ['/admin/workforce-need/x/remove', 400, 'reason=x', 'centre_admin'],
  ],
  'GET /directory': [
    ['/directory?name=%00&page=-1', 200],
    ['/directory?profession=%00&region=mars&area=%27--&page=99999', 200],
    [`/directory?name=${long}`, 400],
    ['/directory?name=a&name=b', 400],
  ],
  'GET /directory/:id': [
    ['/directory/not-a-uuid', 404],
    [`/directory/${ZERO_ID}`, 404],
  ],
  'GET /api/v1/directory': [
    ['/api/v1/directory?page=x', 400],
    [`/api/v1/directory?name=${long}`, 400],
    ['/api/v1/directory?name=%00&region=%00&area=%00', 200],
  ],
  'GET /api/v1/directory/:id': [
    ['/api/v1/directory/%27--', 404],
    [`/api/v1/directory/${'x'.repeat(101)}`, 400],
  ],
  'GET /employer-check': [['/employer-check?x=%00', 200]],
  'POST /employer-check': [
    ['/employer-check', 303, 'registrationNumber=&surname='],
    ['/employer-check', 303, `registrationNumber=${long}&surname=${long}`],
    ['/employer-check', 200, 'registrationNumber=%2712A%20--&surname=%E2%80%AE%F0%9F%98%80'],
    ['/employer-check', 400, 'registrationNumber=a&registrationNumber=b'],
  ],
  // JSON bodies: src/web/verify/routes.test.ts.
  'POST /api/v1/verify': [['/api/v1/verify', 400, 'credential=x']],
  // The CORS preflight reads nothing it is sent.
  'OPTIONS /api/v1/verify': [['/api/v1/verify', 204, `credential=${long}&x=%00`]],
  'GET /admin/issuers': [['/admin/issuers?x=%00', 200, undefined, 'centre_admin']],
  'GET /admin/issuers/:id/rotate-key': [
    [`/admin/issuers/${ZERO_ID}/rotate-key`, 404, undefined, 'centre_admin'],
    ['/admin/issuers/x/rotate-key', 400, undefined, 'centre_admin'],
  ],
  'POST /admin/issuers/:id/rotate-key': [
    [`/admin/issuers/${ZERO_ID}/rotate-key`, 404, 'x=1', 'centre_admin'],
    ['/admin/issuers/x/rotate-key', 400, '', 'centre_admin'],
  ],
  // Compromised keys and endorsements: malformed ids are 400, unknown ones 404.
  'GET /admin/issuers/:id': [
    ['/admin/issuers/%27--', 400, undefined, 'centre_admin'],
    [`/admin/issuers/${ZERO_ID}`, 404, undefined, 'centre_admin'],
  ],
  'GET /admin/issuers/:id/keys/:number/compromise': [
    [`/admin/issuers/${ZERO_ID}/keys/x/compromise`, 400, undefined, 'centre_admin'],
    [`/admin/issuers/${ZERO_ID}/keys/1/compromise`, 404, undefined, 'centre_admin'],
  ],
  'POST /admin/issuers/:id/keys/:number/compromise': [
    [
      `/admin/issuers/${ZERO_ID}/keys/1/compromise`,
      404,
      `from%5Bday%5D=99&from%5Bmonth%5D=x&from%5Byear%5D=-1&reason=${long}`,
      'centre_admin',
    ],
    [`/admin/issuers/${ZERO_ID}/keys/-1/compromise`, 400, 'from%5Bday%5D=1', 'centre_admin'],
    [`/admin/issuers/${ZERO_ID}/keys/1/compromise`, 400, 'from%5Bday%5D=1&from%5Bday%5D=2', 'centre_admin'],
  ],
  'POST /admin/issuers/:id/keys/:number/compromise/confirm': [
    [`/admin/issuers/${ZERO_ID}/keys/1/compromise/confirm`, 404, 'from=2026-13-45&reason=x', 'centre_admin'],
    ['/admin/issuers/x/keys/1/compromise/confirm', 400, 'from=x', 'centre_admin'],
  ],
  'GET /admin/endorsements': [
    ['/admin/endorsements?page=-1', 400, undefined, 'centre_admin'],
    ['/admin/endorsements?page=99999&x=%00', 200, undefined, 'centre_admin'],
  ],
  'GET /admin/endorsements/:versionId/withdraw': [
    ['/admin/endorsements/%27--/withdraw', 400, undefined, 'centre_admin'],
    [`/admin/endorsements/${ZERO_ID}/withdraw`, 404, undefined, 'centre_admin'],
  ],
  'POST /admin/endorsements/:versionId/withdraw': [
    [`/admin/endorsements/${ZERO_ID}/withdraw`, 404, `action=explode&reason=${long}`, 'centre_admin'],
    ['/admin/endorsements/1/withdraw', 400, 'action=withdraw', 'centre_admin'],
  ],
  'POST /admin/endorsements/:versionId/withdraw/confirm': [
    [`/admin/endorsements/${ZERO_ID}/withdraw/confirm`, 404, 'rowVersion=x&action=end', 'centre_admin'],
    ['/admin/endorsements/x/withdraw/confirm', 400, 'action=end', 'centre_admin'],
  ],
  // Providers and deliveries: unknown or malformed ids are 404 (another organisation's too);
  // bad fields go back to the form with their messages, nothing saved.
  'GET /admin/providers': [
    ['/admin/providers?x=%00', 200, undefined, 'centre_admin'],
    ['/admin/providers?page=Infinity', 400, undefined, 'centre_admin'],
    ['/admin/providers?page=-1&format=csv', 400, undefined, 'centre_admin'],
    [`/admin/providers?q=${long}&accreditation=%27`, 200, undefined, 'centre_admin'],
    [`/admin/providers?accreditation=${long}`, 400, undefined, 'centre_admin'],
    ['/admin/providers?format=xlsx', 400, undefined, 'centre_admin'],
  ],
  'GET /admin/providers/new': [['/admin/providers/new?x=' + long, 200, undefined, 'centre_admin']],
  'POST /admin/providers/new': [
    [
      '/admin/providers/new',
      303,
      `name=${long}&kind=castle&ukprn=1x&region=mars&website=javascript:1`,
      'centre_admin',
    ],
    ['/admin/providers/new', 303, 'ukprn=%00%00&website=https://', 'centre_admin'],
    ['/admin/providers/new', 400, 'name=a&name=b', 'centre_admin'],
  ],
  'GET /admin/providers/:id': [
    ['/admin/providers/not-a-uuid', 404, undefined, 'centre_admin'],
    [`/admin/providers/${ZERO_ID}`, 404, undefined, 'centre_admin'],
  ],
  'GET /admin/providers/:id/edit': [['/admin/providers/%27--/edit', 404, undefined, 'centre_admin']],
  'POST /admin/providers/:id/edit': [
    [`/admin/providers/${ZERO_ID}/edit`, 404, 'rowVersion=x&name=x', 'centre_admin'],
    ['/admin/providers/1/edit', 404, 'rowVersion=1', 'centre_admin'],
  ],
  'GET /provider/programmes': [
    ['/provider/programmes?organisation=not-mine', 404, undefined, 'provider_admin'],
  ],
  'GET /provider/programmes/new': [['/provider/programmes/new?x=%00', 200, undefined, 'provider_admin']],
  'POST /provider/programmes/new': [
    [
      '/provider/programmes/new',
      303,
      `title=${long}&accreditationStatus=x&accreditedFrom%5Bday%5D=99&accreditedUntil%5Byear%5D=-1`,
      'provider_admin',
    ],
    ['/provider/programmes/new', 404, 'organisation=not-mine&title=x', 'provider_admin'],
    ['/provider/programmes/new', 400, 'title=a&title=b', 'provider_admin'],
  ],
  'GET /provider/programmes/:id/edit': [
    [`/provider/programmes/${ZERO_ID}/edit`, 404, undefined, 'provider_admin'],
  ],
  'POST /provider/programmes/:id/edit': [
    ['/provider/programmes/x/edit', 404, 'rowVersion=%00&title=x', 'provider_admin'],
  ],
  // Programme accreditation: malformed ids are 400, unknown ones 404, bad fields go back to the form.
  'GET /provider/programmes/:id/accreditation/apply': [
    ['/provider/programmes/x/accreditation/apply', 400, undefined, 'provider_admin'],
    [`/provider/programmes/${ZERO_ID}/accreditation/apply`, 404, undefined, 'provider_admin'],
    [
      `/provider/programmes/${ZERO_ID}/accreditation/apply?organisation=not-mine`,
      404,
      undefined,
      'provider_admin',
    ],
  ],
  'POST /provider/programmes/:id/accreditation/apply/check': [
    [
      `/provider/programmes/${ZERO_ID}/accreditation/apply/check`,
      404,
      `awardTitle=${long}&intake=1e9&modes=teleport`,
      'provider_admin',
    ],
    ['/provider/programmes/%27--/accreditation/apply/check', 400, 'awardTitle=x', 'provider_admin'],
  ],
  'POST /provider/programmes/:id/accreditation/apply': [
    [
      `/provider/programmes/${ZERO_ID}/accreditation/apply`,
      404,
      'intake=-1&credentials=%00&answer_A1=x',
      'provider_admin',
    ],
    ['/provider/programmes/1/accreditation/apply', 400, 'awardTitle=x', 'provider_admin'],
  ],
  'GET /provider/accreditations': [
    ['/provider/accreditations?state=astrology', 200, undefined, 'provider_admin'],
    ['/provider/accreditations?page=Infinity', 400, undefined, 'provider_admin'],
    ['/provider/accreditations?organisation=not-mine', 404, undefined, 'provider_admin'],
  ],
  'GET /admin/accreditations': [
    ['/admin/accreditations?state=astrology', 200, undefined, 'centre_admin'],
    [`/admin/accreditations?state=${long}`, 400, undefined, 'centre_admin'],
    ['/admin/accreditations?page=-1', 400, undefined, 'centre_admin'],
  ],
  'GET /accreditations/assigned': [
    ['/accreditations/assigned?page=1e9', 400, undefined, 'independent_reviewer'],
    ['/accreditations/assigned?x=' + long, 200, undefined, 'independent_reviewer'],
  ],
  'GET /accreditations/:id': [
    ['/accreditations/%27--', 400, undefined, 'centre_admin'],
    [`/accreditations/${ZERO_ID}`, 404, undefined, 'centre_admin'],
  ],
  'POST /accreditations/:id/assessors': [
    [`/accreditations/${ZERO_ID}/assessors`, 404, `rowVersion=%00&assessor=${ZERO_ID}`, 'centre_admin'],
    ['/accreditations/x/assessors', 400, 'assessor=x', 'centre_admin'],
  ],
  'POST /accreditations/:id/conflict': [
    [`/accreditations/${ZERO_ID}/conflict`, 404, `conflict=no&conflictNote=${long}`, 'independent_reviewer'],
    [`/accreditations/${ZERO_ID}/conflict`, 303, 'conflict=perhaps', 'independent_reviewer'],
  ],
  'POST /accreditations/:id/review': [
    [
      `/accreditations/${ZERO_ID}/review`,
      404,
      'judgement_A1=splendid&comment_A1=&complete=yes',
      'independent_reviewer',
    ],
    ['/accreditations/1/review', 400, 'rowVersion=1', 'independent_reviewer'],
  ],
  'POST /accreditations/:id/panel': [
    [`/accreditations/${ZERO_ID}/panel`, 303, 'heldOn%5Bday%5D=99&heldOn%5Bmonth%5D=x', 'centre_admin'],
    [
      `/accreditations/${ZERO_ID}/panel`,
      404,
      'heldOn%5Bday%5D=1&heldOn%5Bmonth%5D=1&heldOn%5Byear%5D=2026&members=A',
      'centre_admin',
    ],
  ],
  'POST /accreditations/:id/questions': [
    [`/accreditations/${ZERO_ID}/questions`, 404, `text=${long}`, 'centre_admin'],
  ],
  'POST /accreditations/:id/questions/:position/answer': [
    [`/accreditations/${ZERO_ID}/questions/-1/answer`, 400, 'text=x', 'provider_admin'],
    [`/accreditations/${ZERO_ID}/questions/Infinity/answer`, 400, 'text=x', 'provider_admin'],
    [`/accreditations/${ZERO_ID}/questions/0/answer`, 404, 'text=x&rowVersion=1e3', 'provider_admin'],
  ],
  'POST /accreditations/:id/conditions/:position/met': [
    [`/accreditations/${ZERO_ID}/conditions/99999/met`, 400, 'text=x', 'centre_admin'],
    [`/accreditations/${ZERO_ID}/conditions/0/met`, 404, 'text=x', 'centre_admin'],
  ],
  'GET /accreditations/:id/decision': [
    [`/accreditations/${ZERO_ID}/decision`, 404, undefined, 'centre_admin'],
  ],
  'POST /accreditations/:id/decision/check': [
    [`/accreditations/${ZERO_ID}/decision/check`, 303, 'outcome=explode&rowVersion=%00', 'centre_admin'],
    [`/accreditations/${ZERO_ID}/decision/check`, 404, 'outcome=not_accredited&reason=x', 'centre_admin'],
  ],
  'POST /accreditations/:id/decision': [
    [`/accreditations/${ZERO_ID}/decision`, 303, 'outcome=accredited&periodFrom%5Bday%5D=99', 'centre_admin'],
    ['/accreditations/x/decision', 400, 'outcome=accredited', 'centre_admin'],
  ],
  'GET /accreditations/:id/withdraw': [
    [`/accreditations/${ZERO_ID}/withdraw`, 404, undefined, 'provider_admin'],
  ],
  'POST /accreditations/:id/withdraw': [
    [`/accreditations/${ZERO_ID}/withdraw`, 404, 'reason=x&rowVersion=x', 'provider_admin'],
    [`/accreditations/${ZERO_ID}/withdraw`, 303, 'reason=', 'provider_admin'],
  ],
  'GET /accreditations/:id/withdraw-accreditation': [
    ['/accreditations/x/withdraw-accreditation', 400, undefined, 'centre_admin'],
  ],
  'POST /accreditations/:id/withdraw-accreditation': [
    [`/accreditations/${ZERO_ID}/withdraw-accreditation`, 404, `reason=${long}`, 'centre_admin'],
  ],
  'GET /provider/deliveries': [
    ['/provider/deliveries?x=' + long, 200, undefined, 'provider_admin'],
    ['/provider/deliveries?page=Infinity', 400, undefined, 'provider_admin'],
    ['/provider/deliveries?q=' + long, 400, undefined, 'provider_admin'],
    ['/provider/deliveries?state=astrology&q=%25', 200, undefined, 'provider_admin'],
  ],
  'GET /provider/deliveries/new': [['/provider/deliveries/new?x=%00', 200, undefined, 'provider_admin']],
  'POST /provider/deliveries/new': [
    [
      '/provider/deliveries/new',
      303,
      `credentialId=x&mode=teleport&startDate%5Bday%5D=31&startDate%5Bmonth%5D=2&startDate%5Byear%5D=2027&expectedCohort=1e3&assessment=${long}&programmeId=%27--`,
      'provider_admin',
    ],
    ['/provider/deliveries/new', 303, 'expectedCohort=-1&assessment=', 'provider_admin'],
    ['/provider/deliveries/new', 400, 'mode=online&mode=blended', 'provider_admin'],
  ],
  'GET /provider/deliveries/:id': [
    [`/provider/deliveries/${ZERO_ID}`, 404, undefined, 'provider_admin'],
    ['/provider/deliveries/%00', 404, undefined, 'provider_admin'],
  ],
  'GET /provider/deliveries/:id/withdraw': [
    [`/provider/deliveries/${ZERO_ID}/withdraw`, 404, undefined, 'provider_admin'],
    ['/provider/deliveries/%00/withdraw', 404, undefined, 'provider_admin'],
    [`/provider/deliveries/${'x'.repeat(101)}/withdraw`, 400, undefined, 'provider_admin'],
  ],
  'POST /provider/deliveries/:id/withdraw': [
    [`/provider/deliveries/${ZERO_ID}/withdraw`, 404, 'rowVersion=x', 'provider_admin'],
  ],
  'GET /deliveries': [
    ['/deliveries?state=astrology', 200, undefined, 'centre_admin'],
    [`/deliveries?state=${long}`, 400, undefined, 'centre_admin'],
  ],
  'GET /deliveries/:id': [['/deliveries/not-a-uuid', 404, undefined, 'centre_admin']],
  'POST /deliveries/:id': [
    [`/deliveries/${ZERO_ID}`, 404, 'action=explode&rowVersion=x', 'centre_admin'],
    ['/deliveries/x', 404, 'action=decide&decision=approve', 'centre_admin'],
  ],
  'POST /deliveries/:id/decision/check': [
    [`/deliveries/${ZERO_ID}/decision/check`, 404, 'decision=explode&rowVersion=x', 'centre_admin'],
    ['/deliveries/x/decision/check', 404, 'decision=approve', 'centre_admin'],
    [`/deliveries/${ZERO_ID}/decision/check`, 400, 'decision=approve&decision=decline', 'centre_admin'],
  ],
  // Quality returns: malformed ids are 400, unknown (or another organisation's) ones 404.
  'GET /provider': [['/provider?x=%00', 200, undefined, 'provider_admin']],
  'GET /provider/returns': [['/provider/returns?x=' + long, 200, undefined, 'provider_admin']],
  'GET /provider/returns/:id': [
    ['/provider/returns/not-a-uuid', 400, undefined, 'provider_admin'],
    [`/provider/returns/${ZERO_ID}`, 404, undefined, 'provider_admin'],
  ],
  'POST /provider/returns/:id': [
    [`/provider/returns/${ZERO_ID}`, 404, `rowVersion=x&cohortStarted=-1&outcomes=${long}`, 'provider_admin'],
    ['/provider/returns/1', 400, 'rowVersion=1', 'provider_admin'],
    [`/provider/returns/${ZERO_ID}`, 400, 'rowVersion=1&rowVersion=2', 'provider_admin'],
  ],
  'GET /quality-returns': [['/quality-returns?x=%00', 200, undefined, 'centre_admin']],
  'GET /quality-returns/:id': [
    ['/quality-returns/%27--', 400, undefined, 'centre_admin'],
    [`/quality-returns/${ZERO_ID}`, 404, undefined, 'centre_admin'],
  ],
  'POST /quality-returns/:id/decision': [
    [`/quality-returns/${ZERO_ID}/decision`, 404, 'decision=explode&rowVersion=%00', 'centre_admin'],
    ['/quality-returns/x/decision', 400, 'decision=accept', 'centre_admin'],
  ],
  'POST /quality-returns/:id/decision/check': [
    [`/quality-returns/${ZERO_ID}/decision/check`, 404, 'decision=explode&rowVersion=%00', 'centre_admin'],
    ['/quality-returns/x/decision/check', 400, 'decision=accept', 'centre_admin'],
  ],
  'GET /reports/providers': [['/reports/providers?x=' + long, 200, undefined, 'centre_admin']],
  'GET /health': [['/health?verbose=<script>', 200]],
  'GET /': [[`/?q=${long}`, 200]],
  'GET /credentials': [
    ['/credentials?area=astrology', 400],
    ['/credentials?status=%00', 200],
    ['/credentials?type=%27%3B%20drop%20table%20credential%3B--', 400],
    ['/credentials?status=due&status=endorsed', 400],
    [`/credentials?q=${long}`, 400],
    ['/credentials?q=%E2%80%AE%F0%9F%98%80', 200],
    ['/credentials?q=%00', 200],
    ['/credentials?q=%C0%AF', 200],
  ],
  'GET /credentials/:slug': [
    ['/credentials/no-such-credential', 404],
    ['/credentials/%27%20or%201%3D1--', 404],
    [`/credentials/${'x'.repeat(199)}`, 404],
  ],
  'GET /about': [['/about?x=1', 200]],
  'GET /practitioners': [['/practitioners?x=%00', 200]],
  'GET /education-providers': [['/education-providers?x=1', 200]],
  'GET /centre-staff': [['/centre-staff?x=1', 200]],
  'GET /accessibility': [['/accessibility?page=-1', 200]],
  'GET /privacy': [['/privacy?x=1', 200]],
  'GET /cookies': [['/cookies?x=1', 200]],
  'GET /contact': [['/contact?x=1', 200]],
  'GET /help': [['/help?x=1', 200]],
  'GET /feedback': [['/feedback?x=1', 200]],
  'GET /criteria': [['/criteria?version=-1', 200]],
  'GET /framework': [['/framework?x=1', 200]],
  'GET /glossary': [['/glossary?x=1', 200]],
  'GET /documents': [['/documents?x=1', 200]],
  'GET /intervention-types': [['/intervention-types?x=1', 200]],
  'GET /api/v1/credentials': [
    ['/api/v1/credentials?page=-1', 400],
    ['/api/v1/credentials?pageSize=0', 400],
    ['/api/v1/credentials?status=', 400],
    ['/api/v1/credentials?area=astrology', 400],
    ['/api/v1/credentials?page=99999', 400],
    ['/api/v1/credentials?page=500', 200],
    ['/api/v1/credentials?q=%00%00', 400],
    ['/api/v1/credentials?q=a%00b', 200],
  ],
  'GET /credentials/:slug/specification': [
    ['/credentials/no-such-credential/specification', 404],
    ['/credentials/%27%20or%201%3D1--/specification', 404],
  ],
  'GET /credentials/:slug/specification/versions/:number': [
    ['/credentials/no-such-credential/specification/versions/1', 404],
    ['/credentials/no-such-credential/specification/versions/two', 400],
    ['/credentials/no-such-credential/specification/versions/0', 400],
    ['/credentials/no-such-credential/specification/versions/99999999999', 400],
  ],
  'GET /credentials/:slug/specification/versions/:number/pdf': [
    ['/credentials/no-such-credential/specification/versions/1/pdf', 404],
    ['/credentials/no-such-credential/specification/versions/-1/pdf', 400],
  ],
  'GET /credentials/:slug/specification/versions/:number/jsonld': [
    ['/credentials/no-such-credential/specification/versions/1/jsonld', 404],
    ['/credentials/no-such-credential/specification/versions/1.5/jsonld', 400],
  ],
  'GET /credentials/:slug/specification/compare': [
    ['/credentials/no-such-credential/specification/compare?from=1&to=2', 404],
    ['/credentials/no-such-credential/specification/compare?from=x&to=%00', 404],
    ['/credentials/no-such-credential/specification/compare?from=1&from=2', 400],
  ],
  'GET /specification-vocabulary': [['/specification-vocabulary?x=1', 200]],
  'GET /api/v1/credentials/:slug': [
    ['/api/v1/credentials/no-such-credential', 404],
    ['/api/v1/credentials/%3Cscript%3E', 400],
  ],
  'GET /api/openapi.json': [['/api/openapi.json?x=1', 200]],
  'GET /sign-in': [
    ['/sign-in?returnTo=%2F%2Fevil.example', 200],
    ['/sign-in?returnTo=a&returnTo=b', 400],
  ],
  'POST /sign-in': [
    ['/sign-in', 303, 'email=&password='],
    ['/sign-in', 400, 'email=a&email=b&password=x'],
    ['/sign-in', 303, `email=${long}@x.org&password=${long}`],
  ],
  'POST /sign-out': [['/sign-out', 303, 'anything=1']],
  'GET /signed-out': [['/signed-out?x=1', 200]],
  'GET /register': [['/register?x=1', 200]],
  'POST /register': [
    ['/register', 303, `displayName=${long}&email=x&password=1&confirmPassword=2`],
    ['/register', 400, 'displayName=a&displayName=b'],
  ],
  'GET /register/check-email': [['/register/check-email', 200]],
  'GET /confirm-email': [
    ['/confirm-email', 200],
    ['/confirm-email?token=a&token=b', 400],
  ],
  'POST /confirm-email': [
    ['/confirm-email', 400, 'token='],
    ['/confirm-email', 400, `token=${long}`],
  ],
  'GET /forgot-password': [['/forgot-password?x=1', 200]],
  'POST /forgot-password': [['/forgot-password', 303, 'email=%00']],
  'GET /forgot-password/check-email': [['/forgot-password/check-email', 200]],
  'GET /reset-password': [
    ['/reset-password', 400],
    ['/reset-password?token=nope', 400],
  ],
  'POST /reset-password': [
    ['/reset-password', 303, 'token=nope&password=short&confirmPassword=short'],
    ['/reset-password', 303, 'token=nope&password=long+enough+password&confirmPassword=long+enough+password'],
  ],
  'GET /invitations/accept': [['/invitations/accept?token=nope', 400]],
  'POST /invitations/accept': [['/invitations/accept', 400, 'token=nope&displayName=x']],
  'GET /home': [['/home?x=1', 303]],
  'GET /admin/accounts': [
    ['/admin/accounts?role=emperor&q=%25', 200, undefined, 'centre_admin'],
    ['/admin/accounts?page=0', 400, undefined, 'centre_admin'],
    [`/admin/accounts?q=${long}`, 200, undefined, 'centre_admin'],
    ['/admin/accounts?page=Infinity', 400, undefined, 'centre_admin'],
    ['/admin/accounts?page=-1&format=csv', 400, undefined, 'centre_admin'],
    [`/admin/accounts?q=${long}&role=x&format=csv`, 200, undefined, 'centre_admin'],
    [`/admin/accounts?role=${long}`, 400, undefined, 'centre_admin'],
  ],
  'GET /admin/accounts/:id': [
    ['/admin/accounts/not-a-uuid', 400, undefined, 'centre_admin'],
    ['/admin/accounts/00000000-0000-4000-8000-000000000000', 404, undefined, 'centre_admin'],
  ],
  'POST /admin/accounts/:id/roles': [
    ['/admin/accounts/00000000-0000-4000-8000-000000000000/roles', 303, 'role=practitioner', 'centre_admin'],
    [
      '/admin/accounts/00000000-0000-4000-8000-000000000000/roles',
      303,
      'role=provider_admin&organisation=nope',
      'centre_admin',
    ],
    ['/admin/accounts/x/roles', 400, 'role=practitioner', 'centre_admin'],
  ],
  'GET /admin/accounts/:id/roles/:grantId/remove': [
    [`/admin/accounts/${ZERO_ID}/roles/${ZERO_ID}/remove`, 404, undefined, 'centre_admin'],
    ['/admin/accounts/x/roles/%00/remove', 400, undefined, 'centre_admin'],
  ],
  'POST /admin/accounts/:id/roles/:grantId/remove': [
    [
      '/admin/accounts/00000000-0000-4000-8000-000000000000/roles/00000000-0000-4000-8000-000000000000/remove',
      303,
      '',
      'centre_admin',
    ],
  ],
  'GET /admin/invitations': [
    ['/admin/invitations?x=1', 200, undefined, 'centre_admin'],
    ['/admin/invitations?organisation=not-a-uuid', 200, undefined, 'centre_admin'],
    ['/admin/invitations?page=Infinity', 400, undefined, 'centre_admin'],
    ['/admin/invitations?page=-1', 400, undefined, 'centre_admin'],
    [`/admin/invitations?q=${long}&state=%27&role=x&format=csv`, 200, undefined, 'centre_admin'],
  ],
  'POST /admin/invitations': [
    [
      '/admin/invitations',
      303,
      'email=a%40b.org&role=provider_staff&organisation=not-a-uuid',
      'centre_admin',
    ],
    ['/admin/invitations', 303, `email=${long}&role=practitioner`, 'centre_admin'],
    ['/admin/invitations', 400, 'email=a&email=b', 'centre_admin'],
  ],
  'GET /admin/mail': [
    ['/admin/mail?page=-3', 400, undefined, 'centre_admin'],
    ['/admin/mail?page=Infinity', 400, undefined, 'centre_admin'],
    ['/admin/mail?from%5Bday%5D=31&from%5Bmonth%5D=2&from%5Byear%5D=2027', 400, undefined, 'centre_admin'],
    [
      '/admin/mail?from%5Bday%5D=31&from%5Bmonth%5D=2&from%5Byear%5D=2027&format=csv',
      400,
      undefined,
      'centre_admin',
    ],
    ['/admin/mail?to%5Bday%5D=x&to%5Bmonth%5D=%00&to%5Byear%5D=99999999999', 400, undefined, 'centre_admin'],
    [`/admin/mail?recipient=${long}&subject=${long}&status=%27`, 200, undefined, 'centre_admin'],
    [`/admin/mail?status=${long}`, 400, undefined, 'centre_admin'],
  ],
  'GET /admin/jobs': [
    ['/admin/jobs?state=&kind=&page=2', 200, undefined, 'centre_admin'],
    ['/admin/jobs?state=lost', 400, undefined, 'centre_admin'],
    ['/admin/jobs?kind=%27%20or%201%3D1', 400, undefined, 'centre_admin'],
    ['/admin/jobs?state=dead&state=done', 400, undefined, 'centre_admin'],
    ['/admin/jobs?page=0', 400, undefined, 'centre_admin'],
  ],
  'GET /admin/jobs/:id/retry': [
    ['/admin/jobs/not-a-uuid/retry', 400, undefined, 'centre_admin'],
    ['/admin/jobs/00000000-0000-4000-8000-000000000000/retry', 404, undefined, 'centre_admin'],
  ],
  'POST /admin/jobs/:id/retry': [
    ['/admin/jobs/not-a-uuid/retry', 400, '', 'centre_admin'],
    ['/admin/jobs/00000000-0000-4000-8000-000000000000/retry', 404, '', 'centre_admin'],
  ],
  'GET /admin/audit': [
    ['/admin/audit?action=%27&actor=%25_&page=2', 200, undefined, 'centre_admin'],
    ['/admin/audit?page=x', 400, undefined, 'centre_admin'],
    ['/admin/audit?page=Infinity', 400, undefined, 'centre_admin'],
    ['/admin/audit?page=-1', 400, undefined, 'centre_admin'],
    ['/admin/audit?from%5Bday%5D=31&from%5Bmonth%5D=2&from%5Byear%5D=2027', 400, undefined, 'centre_admin'],
    ['/admin/audit?from%5Byear%5D=2027', 400, undefined, 'centre_admin'],
    [
      `/admin/audit?actor=${long}&action=${long}&entityType=${long}&format=csv`,
      200,
      undefined,
      'centre_admin',
    ],
  ],
  'GET /admin/criteria': [['/admin/criteria?x=1', 200, undefined, 'centre_admin']],
  'GET /admin/criteria/:kind': [['/admin/criteria/astrology', 404, undefined, 'centre_admin']],
  'POST /admin/criteria/:kind': [
    ['/admin/criteria/astrology', 404, 'rows=1', 'centre_admin'],
    ['/admin/criteria/gateway', 303, 'rows=1&basedOn=1&code_0=G1&statement_0=' + long, 'centre_admin'],
    ['/admin/criteria/gateway', 303, 'rows=99999&basedOn=x', 'centre_admin'],
    ['/admin/criteria/gateway', 400, 'rows=1&code_0=a&code_0=b', 'centre_admin'],
    ['/admin/criteria/gateway', 303, 'rows=1&basedOn=0&code_0=G1&statement_0=x', 'centre_admin'],
  ],
  'GET /provider/api-tokens': [
    ['/provider/api-tokens?organisation=not-mine', 403, undefined, 'provider_admin'],
  ],
  'POST /provider/api-tokens': [
    ['/provider/api-tokens', 403, 'organisation=not-mine&name=x', 'provider_admin'],
    ['/provider/api-tokens', 403, 'name=x', 'provider_admin'],
  ],
  'GET /provider/api-tokens/:id/revoke': [
    ['/provider/api-tokens/not-a-uuid/revoke', 400, undefined, 'provider_admin'],
    ['/provider/api-tokens/00000000-0000-4000-8000-000000000000/revoke', 404, undefined, 'provider_admin'],
    [
      '/provider/api-tokens/00000000-0000-4000-8000-000000000000/revoke?organisation=x',
      403,
      undefined,
      'provider_admin',
    ],
  ],
  'POST /provider/api-tokens/:id/revoke': [
    ['/provider/api-tokens/not-a-uuid/revoke', 400, 'organisation=x', 'provider_admin'],
    ['/provider/api-tokens/00000000-0000-4000-8000-000000000000/revoke', 403, '', 'provider_admin'],
  ],
  'GET /proposals': [
    ['/proposals?state=emperor', 400, undefined, 'centre_admin'],
    ['/proposals?state=all&x=1', 200, undefined, 'centre_admin'],
    ['/proposals?state=a&state=b', 400, undefined, 'centre_admin'],
    ['/proposals?page=Infinity', 400, undefined, 'centre_admin'],
    ['/proposals?page=-1&format=csv', 400, undefined, 'centre_admin'],
    [`/proposals?state=all&q=${long}&area=99999999999`, 200, undefined, 'centre_admin'],
    [`/proposals?state=all&q=${long}&area=%27&format=csv`, 200, undefined, 'centre_admin'],
  ],
  'GET /proposals/new': [['/proposals/new?x=1', 200, undefined, 'specification_author']],
  'POST /proposals/new': [
    ['/proposals/new', 303, 'clinicalArea=x&title=' + long, 'specification_author'],
    ['/proposals/new', 303, 'clinicalArea=99999999999999&targetProfessions=%00', 'specification_author'],
    ['/proposals/new', 303, 'clinicalArea=1&title=' + long + '&gateway_G1=' + long, 'specification_author'],
    ['/proposals/new', 400, 'title=a&title=b', 'specification_author'],
    ['/proposals/new', 400, 'gateway_G1=a&gateway_G1=b', 'specification_author'],
  ],
  'GET /proposals/:id': [
    ['/proposals/not-a-uuid', 400, undefined, 'centre_admin'],
    ['/proposals/00000000-0000-4000-8000-000000000000', 404, undefined, 'centre_admin'],
  ],
  'GET /proposals/:id/edit': [
    ['/proposals/not-a-uuid/edit', 400, undefined, 'specification_author'],
    ['/proposals/00000000-0000-4000-8000-000000000000/edit', 404, undefined, 'specification_author'],
  ],
  'POST /proposals/:id/edit': [
    [
      '/proposals/00000000-0000-4000-8000-000000000000/edit',
      404,
      'rowVersion=1&clinicalArea=1',
      'specification_author',
    ],
    ['/proposals/00000000-0000-4000-8000-000000000000/edit', 404, 'rowVersion=x', 'specification_author'],
    ['/proposals/x/edit', 400, 'rowVersion=1', 'specification_author'],
  ],
  'GET /proposals/:id/sections/:section': [
    ['/proposals/not-a-uuid/sections/about', 400, undefined, 'specification_author'],
    [
      '/proposals/00000000-0000-4000-8000-000000000000/sections/about',
      404,
      undefined,
      'specification_author',
    ],
    [
      '/proposals/00000000-0000-4000-8000-000000000000/sections/nonsense',
      404,
      undefined,
      'specification_author',
    ],
    [
      `/proposals/00000000-0000-4000-8000-000000000000/sections/${'x'.repeat(41)}`,
      400,
      undefined,
      'specification_author',
    ],
  ],
  'POST /proposals/:id/sections/:section': [
    [
      '/proposals/00000000-0000-4000-8000-000000000000/sections/about',
      404,
      'rowVersion=1&title=' + long,
      'specification_author',
    ],
    ['/proposals/x/sections/about', 400, 'rowVersion=1', 'specification_author'],
    [
      '/proposals/00000000-0000-4000-8000-000000000000/sections/about',
      400,
      'title=a&title=b',
      'specification_author',
    ],
  ],
  'GET /proposals/:id/check-answers': [
    ['/proposals/not-a-uuid/check-answers', 400, undefined, 'specification_author'],
    ['/proposals/00000000-0000-4000-8000-000000000000/check-answers', 404, undefined, 'specification_author'],
  ],
  'POST /proposals/:id/submit': [
    ['/proposals/00000000-0000-4000-8000-000000000000/submit', 404, 'rowVersion=1', 'specification_author'],
    [
      '/proposals/00000000-0000-4000-8000-000000000000/submit',
      400,
      'rowVersion=1&rowVersion=2',
      'specification_author',
    ],
  ],
  'POST /proposals/:id/check': [
    [
      '/proposals/00000000-0000-4000-8000-000000000000/check',
      404,
      'rowVersion=1&decision=send',
      'centre_admin',
    ],
    [
      '/proposals/00000000-0000-4000-8000-000000000000/check',
      303,
      'rowVersion=1&decision=maybe',
      'centre_admin',
    ],
  ],
  // Credential Group meetings: malformed ids are 400, unknown ones 404, bad answers back to the form.
  // Consultation responses and outcomes: malformed numbers and ids are 400, unknown ones 404.
  'GET /consultations/:number/responses': [
    ['/consultations/x/responses', 400, undefined, 'centre_admin'],
    ['/consultations/99999/responses', 404, undefined, 'centre_admin'],
    ['/consultations/1/responses?page=Infinity', 400, undefined, 'centre_admin'],
    ['/consultations/1/responses?view=astrology', 400, undefined, 'centre_admin'],
    [`/consultations/1/responses?capacity=${long}`, 400, undefined, 'centre_admin'],
    [
      '/consultations/99999/responses?capacity=astrology&region=%00&question=%27--',
      404,
      undefined,
      'centre_admin',
    ],
  ],
  'GET /consultations/:number/responses/download': [
    ['/consultations/1.5/responses/download', 400, undefined, 'centre_admin'],
    ['/consultations/99999/responses/download', 404, undefined, 'centre_admin'],
  ],
  'GET /consultations/:number/:kind/:id/hide': [
    [`/consultations/1/astrology/${ZERO_ID}/hide`, 400, undefined, 'centre_admin'],
    ['/consultations/1/answer/x/hide', 400, undefined, 'centre_admin'],
    [`/consultations/99999/answer/${ZERO_ID}/hide`, 404, undefined, 'centre_admin'],
  ],
  'POST /consultations/:number/:kind/:id/hide/check': [
    [`/consultations/99999/comment/${ZERO_ID}/hide/check`, 404, 'reason=x', 'centre_admin'],
    [`/consultations/99999/comment/${ZERO_ID}/hide/check`, 400, `reason=${long.repeat(3)}`, 'centre_admin'],
    ['/consultations/1/comment/1/hide/check', 400, 'reason=x', 'centre_admin'],
  ],
  'POST /consultations/:number/:kind/:id/hide': [
    [`/consultations/99999/answer/${ZERO_ID}/hide`, 404, 'reason=x', 'centre_admin'],
    [`/consultations/99999/answer/${ZERO_ID}/hide`, 303, 'reason=', 'centre_admin'],
  ],
  'POST /consultations/:number/tags': [
    ['/consultations/99999/tags', 404, `theme=${ZERO_ID}&kind=answer&item=${ZERO_ID}`, 'centre_admin'],
    ['/consultations/99999/tags', 303, 'theme=&kind=astrology&item=%27--', 'centre_admin'],
    ['/consultations/99999/tags', 400, 'theme=a&theme=b', 'centre_admin'],
  ],
  'GET /consultations/:number/themes': [
    ['/consultations/-1/themes', 400, undefined, 'centre_admin'],
    ['/consultations/99999/themes', 404, undefined, 'centre_admin'],
  ],
  'POST /consultations/:number/themes': [
    ['/consultations/99999/themes', 404, 'name=x&changedCodes=LO1', 'centre_admin'],
    ['/consultations/99999/themes', 303, 'name=', 'centre_admin'],
    ['/consultations/99999/themes', 400, `name=${long}`, 'centre_admin'],
  ],
  'GET /consultations/:number/themes/:id': [
    ['/consultations/1/themes/x', 400, undefined, 'centre_admin'],
    [`/consultations/99999/themes/${ZERO_ID}`, 404, undefined, 'centre_admin'],
  ],
  'POST /consultations/:number/themes/:id': [
    [`/consultations/99999/themes/${ZERO_ID}`, 404, 'rowVersion=x&name=y', 'centre_admin'],
    ['/consultations/1/themes/%00', 400, 'name=y', 'centre_admin'],
  ],
  'GET /consultations/:number/outcome/publish': [
    ['/consultations/0/outcome/publish', 400, undefined, 'centre_admin'],
    ['/consultations/99999/outcome/publish', 404, undefined, 'centre_admin'],
  ],
  'POST /consultations/:number/outcome/publish/check': [
    ['/consultations/99999/outcome/publish/check', 404, 'rowVersion=1e9&summary=x', 'centre_admin'],
    ['/consultations/99999/outcome/publish/check', 303, 'summary=', 'centre_admin'],
  ],
  'POST /consultations/:number/outcome/publish': [
    ['/consultations/99999/outcome/publish', 404, 'rowVersion=1&summary=x', 'centre_admin'],
    ['/consultations/99999/outcome/publish', 400, `summary=${long.repeat(5)}`, 'centre_admin'],
  ],
  'GET /consultations/:number/outcome': [
    ['/consultations/%27--/outcome', 400],
    ['/consultations/99999/outcome', 404],
  ],
  'GET /consultations/subscribe': [['/consultations/subscribe?x=%00', 200]],
  'POST /consultations/subscribe': [
    ['/consultations/subscribe', 303, 'email=%00&area=astrology'],
    ['/consultations/subscribe', 303, 'email=a%40example.org&area=999999'],
    ['/consultations/subscribe', 400, `email=${long}`],
  ],
  'GET /consultations/subscribe/confirm': [
    ['/consultations/subscribe/confirm?token=%27--', 400],
    [`/consultations/subscribe/confirm?token=${long}`, 400],
  ],
  'POST /consultations/subscribe/confirm': [
    ['/consultations/subscribe/confirm', 400, 'token='],
    ['/consultations/subscribe/confirm', 400, `token=${long}`],
  ],
  'GET /consultations/unsubscribe': [
    ['/consultations/unsubscribe', 400],
    ['/consultations/unsubscribe?token=a&token=b', 400],
  ],
  'POST /consultations/unsubscribe': [
    ['/consultations/unsubscribe', 400, 'token=%00'],
    ['/consultations/unsubscribe', 400, 'token=a&token=b'],
  ],
  'GET /group-meetings': [
    ['/group-meetings?page=Infinity', 400, undefined, 'centre_admin'],
    ['/group-meetings?page=-1', 400, undefined, 'credential_group_member'],
    ['/group-meetings?page=2&x=%00', 200, undefined, 'centre_admin'],
  ],
  'GET /group-meetings/new': [['/group-meetings/new?x=%00', 200, undefined, 'centre_admin']],
  'POST /group-meetings/new': [
    [
      '/group-meetings/new',
      303,
      'meetsOn%5Bday%5D=99&meetsOn%5Bmonth%5D=x&meetsOn%5Byear%5D=-1&startsAt=%3Cscript%3E&proposals=x',
      'centre_admin',
    ],
    [
      '/group-meetings/new',
      303,
      `meetsOn%5Bday%5D=1&meetsOn%5Bmonth%5D=2&meetsOn%5Byear%5D=2027&startsAt=10:00&proposals=x&proposals=${ZERO_ID}`,
      'centre_admin',
    ],
    ['/group-meetings/new', 400, `startsAt=${long}`, 'centre_admin'],
  ],
  'GET /group-meetings/written-procedure': [
    ['/group-meetings/written-procedure', 200, undefined, 'centre_admin'],
  ],
  'POST /group-meetings/written-procedure': [
    ['/group-meetings/written-procedure', 303, 'proposal=%27--&closesOn%5Bday%5D=x', 'centre_admin'],
    [
      '/group-meetings/written-procedure',
      303,
      'proposal=x&closesOn%5Bday%5D=1&closesOn%5Bmonth%5D=1&closesOn%5Byear%5D=2099',
      'centre_admin',
    ],
    ['/group-meetings/written-procedure', 400, 'proposal=a&proposal=b', 'centre_admin'],
  ],
  'GET /group-meetings/:id': [
    ['/group-meetings/not-a-uuid', 400, undefined, 'centre_admin'],
    [`/group-meetings/${ZERO_ID}`, 404, undefined, 'credential_group_member'],
  ],
  'POST /group-meetings/:id/attendance': [
    [`/group-meetings/${ZERO_ID}/attendance`, 404, 'rowVersion=1&present=x', 'centre_admin'],
    ['/group-meetings/x/attendance', 400, 'rowVersion=1', 'centre_admin'],
  ],
  'POST /group-meetings/:id/minutes': [
    [`/group-meetings/${ZERO_ID}/minutes`, 404, 'rowVersion=%00&minutes=x', 'centre_admin'],
    [`/group-meetings/${ZERO_ID}/minutes`, 400, `minutes=${long.repeat(7)}`, 'centre_admin'],
  ],
  'POST /group-meetings/:id/close': [
    [`/group-meetings/${ZERO_ID}/close`, 404, 'rowVersion=1e9', 'centre_admin'],
    ['/group-meetings/1/close', 400, 'rowVersion=1', 'centre_admin'],
  ],
  'POST /group-meetings/:id/items/:itemId/interests': [
    [`/group-meetings/${ZERO_ID}/items/${ZERO_ID}/interests`, 404, 'member=x&interest=y', 'centre_admin'],
    [`/group-meetings/${ZERO_ID}/items/${ZERO_ID}/interests`, 303, 'interest=', 'credential_group_member'],
    [`/group-meetings/${ZERO_ID}/items/x/interests`, 400, 'interest=y', 'credential_group_member'],
  ],
  'POST /group-meetings/:id/items/:itemId/vote': [
    [
      `/group-meetings/${ZERO_ID}/items/${ZERO_ID}/vote`,
      404,
      'vote=agree&reason=x',
      'credential_group_member',
    ],
    [
      `/group-meetings/${ZERO_ID}/items/${ZERO_ID}/vote`,
      303,
      'vote=%3Cscript%3E&reason=',
      'credential_group_member',
    ],
    [
      `/group-meetings/${ZERO_ID}/items/${ZERO_ID}/vote`,
      400,
      'vote=agree&vote=decline',
      'credential_group_member',
    ],
  ],
  'GET /group-meetings/:id/items/:itemId/close': [
    [`/group-meetings/${ZERO_ID}/items/${ZERO_ID}/close`, 404, undefined, 'centre_admin'],
    [`/group-meetings/${ZERO_ID}/items/%27/close`, 400, undefined, 'centre_admin'],
  ],
  'POST /group-meetings/:id/items/:itemId/close/check': [
    [`/group-meetings/${ZERO_ID}/items/${ZERO_ID}/close/check`, 404, 'rowVersion=x&reason=y', 'centre_admin'],
    [
      `/group-meetings/${ZERO_ID}/items/${ZERO_ID}/close/check`,
      303,
      'expectedSeason=%3Cscript%3E&expectedYear=99999999999',
      'centre_admin',
    ],
  ],
  'POST /group-meetings/:id/items/:itemId/close': [
    [`/group-meetings/${ZERO_ID}/items/${ZERO_ID}/close`, 404, 'rowVersion=1&reason=y', 'centre_admin'],
    [`/group-meetings/x/items/${ZERO_ID}/close`, 400, 'reason=y', 'centre_admin'],
  ],
  'GET /proposals/:id/gateway-check': [
    ['/proposals/not-a-uuid/gateway-check', 400, undefined, 'centre_admin'],
    ['/proposals/00000000-0000-4000-8000-000000000000/gateway-check', 404, undefined, 'centre_admin'],
  ],
  'GET /proposals/:id/gateway-check/:criterion': [
    ['/proposals/not-a-uuid/gateway-check/G1', 400, undefined, 'centre_admin'],
    ['/proposals/00000000-0000-4000-8000-000000000000/gateway-check/G1', 404, undefined, 'centre_admin'],
    ['/proposals/00000000-0000-4000-8000-000000000000/gateway-check/g1', 400, undefined, 'centre_admin'],
    [
      `/proposals/00000000-0000-4000-8000-000000000000/gateway-check/G${'1'.repeat(20)}`,
      400,
      undefined,
      'centre_admin',
    ],
    ['/proposals/00000000-0000-4000-8000-000000000000/gateway-check/%00', 400, undefined, 'centre_admin'],
  ],
  'POST /proposals/:id/gateway-check/:criterion': [
    [
      '/proposals/00000000-0000-4000-8000-000000000000/gateway-check/G1',
      404,
      'rowVersion=1&judgement=met&reason=Clear',
      'centre_admin',
    ],
    // A judgement no form offers, or none, goes back to the form with its message.
    [
      '/proposals/00000000-0000-4000-8000-000000000000/gateway-check/G1',
      303,
      'rowVersion=1&judgement=excellent&reason=',
      'centre_admin',
    ],
    [
      '/proposals/00000000-0000-4000-8000-000000000000/gateway-check/G1',
      303,
      'rowVersion=x&judgement=met&reason=%00',
      'centre_admin',
    ],
    [
      '/proposals/00000000-0000-4000-8000-000000000000/gateway-check/G1',
      400,
      'judgement=met&judgement=not_met&reason=x',
      'centre_admin',
    ],
    [
      '/proposals/00000000-0000-4000-8000-000000000000/gateway-check/G1',
      400,
      `reason=${'x'.repeat(20_001)}`,
      'centre_admin',
    ],
    ['/proposals/x/gateway-check/G1', 400, 'rowVersion=1&judgement=met&reason=x', 'centre_admin'],
  ],
  'POST /proposals/:id/reconsider': [
    ['/proposals/00000000-0000-4000-8000-000000000000/reconsider', 404, 'rowVersion=1', 'centre_admin'],
    ['/proposals/x/reconsider', 400, 'rowVersion=1', 'centre_admin'],
  ],
  'GET /credentials/:slug/expected-date': [
    ['/credentials/no-such-credential/expected-date', 404, undefined, 'centre_admin'],
  ],
  'POST /credentials/:slug/expected-date': [
    [
      '/credentials/no-such-credential/expected-date',
      404,
      'rowVersion=1&season=spring&year=2030&reason=x',
      'centre_admin',
    ],
    [
      '/credentials/acute-medicine/expected-date',
      303,
      'rowVersion=999999999999&season=spring&year=2030',
      'centre_admin',
    ],
    [
      '/credentials/acute-medicine/expected-date',
      303,
      'season=monsoon&year=-1&reason=' + long,
      'centre_admin',
    ],
  ],
  'GET /credentials/:slug/document': [
    ['/credentials/no-such-credential/document', 404, undefined, 'centre_admin'],
  ],
  'POST /credentials/:slug/document': [
    [
      '/credentials/no-such-credential/document',
      404,
      'url=https%3A%2F%2Fexample.org%2Fa.pdf&title=A',
      'centre_admin',
    ],
    ['/credentials/pelvic-health/document', 303, 'url=javascript%3Aalert(1)&title=' + long, 'centre_admin'],
    ['/credentials/pelvic-health/document', 400, 'action=' + long, 'centre_admin'],
    ['/credentials/pelvic-health/document', 303, 'url=' + long + '&action=x', 'centre_admin'],
  ],
  'GET /specifications': [
    ['/specifications?x=1', 200, undefined, 'centre_admin'],
    ['/specifications?page=Infinity', 400, undefined, 'centre_admin'],
    ['/specifications?page=-1', 400, undefined, 'centre_admin'],
    [`/specifications?q=${long}&state=%27&area=-1`, 200, undefined, 'centre_admin'],
    [`/specifications?q=${long}&format=csv`, 200, undefined, 'specification_author'],
  ],
  'GET /specifications/:slug': [
    ['/specifications/no-such-credential', 404, undefined, 'centre_admin'],
    ['/specifications/%27%20or%201%3D1--', 404, undefined, 'centre_admin'],
    [`/specifications/${'x'.repeat(199)}`, 404, undefined, 'centre_admin'],
  ],
  'POST /specifications/:slug/versions': [
    ['/specifications/no-such-credential/versions', 404, '', 'centre_admin'],
    ['/specifications/acute-medicine/versions', 400, 'a=1&a=2', 'centre_admin'],
  ],
  'GET /specifications/:slug/versions/:number': [
    ['/specifications/acute-medicine/versions/x', 400, undefined, 'centre_admin'],
    ['/specifications/acute-medicine/versions/0', 400, undefined, 'centre_admin'],
    ['/specifications/acute-medicine/versions/99999999999', 400, undefined, 'centre_admin'],
    ['/specifications/acute-medicine/versions/1', 404, undefined, 'centre_admin'],
  ],
  'POST /specifications/:slug/versions/:number': [
    ['/specifications/acute-medicine/versions/x', 400, 'purpose=a', 'centre_admin'],
    [
      '/specifications/acute-medicine/versions/1',
      404,
      `purpose=${long}&level=x&outcomeRows=-1`,
      'centre_admin',
    ],
  ],
  'GET /specifications/:slug/versions/:number/sections/:section': [
    ['/specifications/acute-medicine/versions/x/sections/about', 400, undefined, 'centre_admin'],
    ['/specifications/acute-medicine/versions/1/sections/nonsense', 404, undefined, 'centre_admin'],
    ['/specifications/no-such-credential/versions/1/sections/about', 404, undefined, 'centre_admin'],
  ],
  'POST /specifications/:slug/versions/:number/sections/:section': [
    ['/specifications/acute-medicine/versions/0/sections/about', 400, 'purpose=a', 'centre_admin'],
    [
      '/specifications/acute-medicine/versions/1/sections/about',
      404,
      `purpose=${long}&level=x`,
      'centre_admin',
    ],
    ['/specifications/acute-medicine/versions/1/sections/x', 404, 'purpose=a', 'centre_admin'],
  ],
  'GET /specifications/:slug/versions/:number/check': [
    ['/specifications/acute-medicine/versions/x/check', 400, undefined, 'centre_admin'],
    ['/specifications/no-such-credential/versions/1/check', 404, undefined, 'centre_admin'],
  ],
  'POST /specifications/:slug/versions/:number/submit': [
    ['/specifications/acute-medicine/versions/x/submit', 400, 'rowVersion=1', 'centre_admin'],
    ['/specifications/no-such-credential/versions/1/submit', 404, 'rowVersion=x', 'centre_admin'],
  ],
  'GET /decisions': [['/decisions?x=1', 200, undefined, 'centre_admin']],
  'GET /specifications/:slug/versions/:number/reviewers': [
    ['/specifications/acute-medicine/versions/x/reviewers', 400, undefined, 'centre_admin'],
    ['/specifications/acute-medicine/versions/0/reviewers', 400, undefined, 'centre_admin'],
    ['/specifications/no-such-credential/versions/1/reviewers', 404, undefined, 'centre_admin'],
  ],
  'POST /specifications/:slug/versions/:number/reviewers': [
    ['/specifications/acute-medicine/versions/x/reviewers', 400, 'reviewer=x', 'centre_admin'],
    ['/specifications/acute-medicine/versions/1/reviewers', 400, 'reviewer=a&reviewer=b', 'centre_admin'],
    ['/specifications/acute-medicine/versions/1/reviewers', 303, 'reviewer=not-a-uuid', 'centre_admin'],
    ['/specifications/acute-medicine/versions/1/reviewers', 404, `reviewer=${ZERO_ID}`, 'centre_admin'],
  ],
  'GET /specifications/:slug/versions/:number/decision': [
    ['/specifications/acute-medicine/versions/x/decision', 400, undefined, 'centre_admin'],
    ['/specifications/acute-medicine/versions/1/decision', 404, undefined, 'centre_admin'],
  ],
  'POST /specifications/:slug/versions/:number/decision': [
    ['/specifications/acute-medicine/versions/1/decision', 303, 'outcome=astrology&report=', 'centre_admin'],
    [
      '/specifications/acute-medicine/versions/1/decision',
      404,
      'outcome=endorse&report=x&rowVersion=x',
      'centre_admin',
    ],
    [
      '/specifications/acute-medicine/versions/1/decision',
      400,
      'outcome=endorse&outcome=not_endorsed',
      'centre_admin',
    ],
    [
      '/specifications/acute-medicine/versions/1/decision',
      400,
      `conditions=${'x'.repeat(30000)}`,
      'centre_admin',
    ],
  ],
  'GET /specifications/:slug/versions/:number/report': [
    ['/specifications/acute-medicine/versions/x/report', 400, undefined, 'centre_admin'],
    ['/specifications/acute-medicine/versions/1/report', 404, undefined, 'centre_admin'],
    ['/specifications/no-such-credential/versions/1/report?x=%00', 404, undefined, 'centre_admin'],
  ],
  'POST /specifications/:slug/versions/:number/report/draft': [
    ['/specifications/acute-medicine/versions/x/report/draft', 400, 'x=1', 'centre_admin'],
    ['/specifications/acute-medicine/versions/1/report/draft', 404, 'x=%00', 'centre_admin'],
  ],
  'POST /specifications/:slug/versions/:number/report': [
    [
      '/specifications/acute-medicine/versions/1/report',
      404,
      'items=-5&finding_0=x&rowVersion=x',
      'centre_admin',
    ],
    ['/specifications/acute-medicine/versions/1/report', 400, 'finding_0=a&finding_0=b', 'centre_admin'],
    ['/specifications/acute-medicine/versions/1/report', 400, `overall=${'x'.repeat(30000)}`, 'centre_admin'],
    ['/specifications/acute-medicine/versions/0/report', 400, 'items=1', 'centre_admin'],
  ],
  'POST /specifications/:slug/versions/:number/report/sign-off/check': [
    [
      '/specifications/acute-medicine/versions/1/report/sign-off/check',
      404,
      'rowVersion=%00',
      'centre_admin',
    ],
    [
      '/specifications/acute-medicine/versions/1/report/sign-off/check',
      400,
      'rowVersion=1&rowVersion=2',
      'centre_admin',
    ],
  ],
  'POST /specifications/:slug/versions/:number/report/sign-off': [
    ['/specifications/acute-medicine/versions/1/report/sign-off', 404, 'rowVersion=x', 'centre_admin'],
    [
      '/specifications/acute-medicine/versions/1/report/sign-off',
      400,
      `rowVersion=${'9'.repeat(30)}`,
      'centre_admin',
    ],
  ],
  'POST /specifications/:slug/versions/:number/decision/check': [
    [
      '/specifications/acute-medicine/versions/1/decision/check',
      303,
      'outcome=astrology&report=',
      'centre_admin',
    ],
    [
      '/specifications/acute-medicine/versions/1/decision/check',
      404,
      'outcome=endorse&report=x&rowVersion=x',
      'centre_admin',
    ],
    ['/specifications/acute-medicine/versions/x/decision/check', 400, 'outcome=endorse', 'centre_admin'],
  ],
  'GET /reviews': [
    ['/reviews?x=1', 200, undefined, 'independent_reviewer'],
    ['/reviews?x=1', 303, undefined, 'centre_admin'],
  ],
  'GET /pipeline': [['/pipeline?x=1', 200, undefined, 'centre_admin']],
  'GET /pipeline/:stage': [
    ['/pipeline/decisions-due?page=2', 200, undefined, 'centre_admin'],
    ['/pipeline/no-such-stage', 404, undefined, 'centre_admin'],
    [`/pipeline/${'x'.repeat(60)}`, 400, undefined, 'centre_admin'],
    ['/pipeline/decisions-due?page=x', 400, undefined, 'centre_admin'],
    ['/pipeline/decisions-due?page=Infinity', 400, undefined, 'centre_admin'],
    ['/pipeline/decisions-due?page=100001', 400, undefined, 'centre_admin'],
  ],
  'GET /reviews/:id': [
    ['/reviews/not-a-uuid', 400, undefined, 'independent_reviewer'],
    [`/reviews/${ZERO_ID}`, 404, undefined, 'independent_reviewer'],
  ],
  'POST /reviews/:id': [
    ['/reviews/not-a-uuid', 400, 'criteria=1', 'independent_reviewer'],
    [`/reviews/${ZERO_ID}`, 404, 'criteria=-5&code_0=E4&judgement_0=astrology', 'independent_reviewer'],
    [`/reviews/${ZERO_ID}`, 400, 'code_0=a&code_0=b', 'independent_reviewer'],
  ],
  'POST /reviews/:id/crosswalk': [
    ['/reviews/not-a-uuid/crosswalk', 400, 'rows=1', 'independent_reviewer'],
    [
      `/reviews/${ZERO_ID}/crosswalk`,
      404,
      'rows=-5&row_code_0=R1&row_judgement_0=astrology',
      'independent_reviewer',
    ],
    [`/reviews/${ZERO_ID}/crosswalk`, 400, 'row_code_0=a&row_code_0=b', 'independent_reviewer'],
  ],
  'POST /reviews/:id/conflict': [
    [`/reviews/${ZERO_ID}/conflict`, 303, 'conflict=maybe', 'independent_reviewer'],
    [`/reviews/${ZERO_ID}/conflict`, 404, 'conflict=none&rowVersion=1', 'independent_reviewer'],
    [`/reviews/${ZERO_ID}/conflict`, 400, 'conflict=none&conflict=declared', 'independent_reviewer'],
  ],
  'POST /reviews/:id/recommendation': [
    [
      `/reviews/${ZERO_ID}/recommendation`,
      303,
      'recommendation=&recommendationComment=',
      'independent_reviewer',
    ],
    [
      `/reviews/${ZERO_ID}/recommendation`,
      303,
      'recommendation=praise&recommendationComment=x',
      'independent_reviewer',
    ],
    [
      `/reviews/${ZERO_ID}/recommendation`,
      400,
      `recommendationComment=${long}${long}${long}`,
      'independent_reviewer',
    ],
  ],
  'GET /periodic-reviews': [['/periodic-reviews?x=%00', 200, undefined, 'centre_admin']],
  'GET /periodic-reviews/:slug': [
    ['/periodic-reviews/no-such-credential', 404, undefined, 'centre_admin'],
    // In its exploration phase: never endorsed, so nothing to review.
    ['/periodic-reviews/midwifery', 404, undefined, 'centre_admin'],
    ['/periodic-reviews/%27%20or%201%3D1--', 404, undefined, 'centre_admin'],
  ],
  'GET /periodic-reviews/:slug/withdraw': [
    ['/periodic-reviews/no-such-credential/withdraw', 404, undefined, 'centre_admin'],
    ['/periodic-reviews/%27%20or%201%3D1--/withdraw', 404, undefined, 'centre_admin'],
    [`/periodic-reviews/${'x'.repeat(201)}/withdraw`, 414, undefined, 'centre_admin'],
  ],
  'POST /periodic-reviews/:slug/interval': [
    ['/periodic-reviews/acute-medicine/interval', 303, 'rowVersion=1&interval=12', 'centre_admin'],
    ['/periodic-reviews/acute-medicine/interval', 303, 'rowVersion=x&interval=%00', 'centre_admin'],
    ['/periodic-reviews/no-such/interval', 303, 'rowVersion=99999999999&interval=99999', 'centre_admin'],
    ['/periodic-reviews/acute-medicine/interval', 400, 'rowVersion=1&interval=' + long, 'centre_admin'],
    [
      '/periodic-reviews/acute-medicine/interval',
      400,
      'rowVersion=1&rowVersion=2&interval=1',
      'centre_admin',
    ],
  ],
  'POST /periodic-reviews/:slug/open': [
    ['/periodic-reviews/acute-medicine/open', 303, 'rowVersion=1', 'centre_admin'],
    ['/periodic-reviews/no-such/open', 303, 'rowVersion=-1', 'centre_admin'],
    ['/periodic-reviews/acute-medicine/open', 400, '', 'centre_admin'],
  ],
  'POST /periodic-reviews/:slug/new-version': [
    ['/periodic-reviews/acute-medicine/new-version', 303, 'rowVersion=1&author=not-a-uuid', 'centre_admin'],
    ['/periodic-reviews/acute-medicine/new-version', 400, 'rowVersion=1&author=' + long, 'centre_admin'],
  ],
  'POST /periodic-reviews/:slug/withdraw': [
    ['/periodic-reviews/acute-medicine/withdraw', 303, 'rowVersion=1&reason=%00', 'centre_admin'],
    ['/periodic-reviews/acute-medicine/withdraw', 303, 'rowVersion=1&reason=Old', 'centre_admin'],
    ['/periodic-reviews/acute-medicine/withdraw', 400, 'rowVersion=1&reason=' + long + long, 'centre_admin'],
  ],
  'GET /recognition': [['/recognition?x=1', 200, undefined, 'specification_author']],
  'GET /recognition/new': [['/recognition/new?x=%00', 200, undefined, 'specification_author']],
  'POST /recognition/new': [
    ['/recognition/new', 303, 'title=' + long + '&rows=99999&fw_0=9.9', 'specification_author'],
    [
      '/recognition/new',
      303,
      'title=x&area=x&type=x&documentUrl=javascript:alert(1)&rows=1&outcome_0=x',
      'specification_author',
    ],
    ['/recognition/new', 303, 'title=a&title=b&rows=-1', 'specification_author'],
    ['/recognition/new', 400, 'rows=1&fw_0=1.1&fw_0=' + 'x'.repeat(30), 'specification_author'],
  ],
  'GET /recognition/:slug': [
    ['/recognition/no-such-application', 404, undefined, 'specification_author'],
    ['/recognition/acute-medicine', 404, undefined, 'specification_author'],
  ],
  'POST /recognition/:slug': [
    ['/recognition/no-such', 303, 'rowVersion=1&title=x&area=x&type=curriculum', 'specification_author'],
    ['/recognition/acute-medicine', 303, 'rowVersion=%00&rows=2&code_0=' + long, 'specification_author'],
  ],
  'POST /recognition/:slug/submit': [
    ['/recognition/no-such/submit', 303, 'rowVersion=1', 'specification_author'],
    ['/recognition/no-such/submit', 400, 'rowVersion=1&rowVersion=2', 'specification_author'],
  ],
  'POST /recognition/:slug/revise': [['/recognition/no-such/revise', 303, 'x=1', 'specification_author']],
  'GET /recognition/:slug/sections/:section': [
    ['/recognition/no-such/sections/about', 404, undefined, 'specification_author'],
    ['/recognition/no-such/sections/' + 'x'.repeat(41), 400, undefined, 'specification_author'],
    ['/recognition/acute-medicine/sections/owner', 404, undefined, 'specification_author'],
  ],
  'POST /recognition/:slug/sections/:section': [
    ['/recognition/no-such/sections/about', 404, 'rowVersion=%00&title=' + long, 'specification_author'],
    [
      '/recognition/no-such/sections/crosswalk',
      400,
      'rows=1&fw_0=1.1&fw_0=' + 'x'.repeat(30),
      'specification_author',
    ],
  ],
  'GET /recognition/:slug/check': [
    ['/recognition/no-such/check?x=%00', 404, undefined, 'specification_author'],
  ],
  'GET /recognition/:slug/decision': [
    ['/recognition/acute-medicine/decision', 404, undefined, 'centre_admin'],
  ],
  'POST /recognition/:slug/decision/check': [
    ['/recognition/no-such/decision/check', 404, 'rowVersion=%00&outcome=%00', 'centre_admin'],
    ['/recognition/no-such/decision/check', 400, 'outcome=' + 'x'.repeat(60), 'centre_admin'],
  ],
  'POST /recognition/:slug/decision': [
    ['/recognition/no-such/decision', 404, 'rowVersion=1&outcome=endorse&report=x', 'centre_admin'],
    ['/recognition/no-such/decision', 400, 'rowVersion=1&rowVersion=2', 'centre_admin'],
  ],
  // Reference content: versions by number, files by id; the forms go back with their problems.
  'GET /criteria/history': [['/criteria/history?x=%00', 200]],
  'GET /criteria/:kind/versions/:version': [
    ['/criteria/astrology/versions/1', 404],
    ['/criteria/gateway/versions/x', 400],
    ['/criteria/gateway/versions/0', 400],
    ['/criteria/gateway/versions/99', 404],
  ],
  ...Object.fromEntries(
    ['framework', 'glossary', 'documents', 'intervention-types'].flatMap((page): Array<[string, Case[]]> => [
      [
        `GET /${page}/history`,
        [
          [`/${page}/history?page=-1`, 400],
          [`/${page}/history?page=99`, 200],
        ],
      ],
      [
        `GET /${page}/history/:version`,
        [
          [`/${page}/history/x`, 400],
          [`/${page}/history/99`, 404],
        ],
      ],
    ]),
  ),
  'GET /documents/files/:id': [
    ['/documents/files/not-a-uuid', 404],
    [`/documents/files/${ZERO_ID}`, 404],
    ['/documents/files/' + 'x'.repeat(200), 400],
  ],
  'GET /admin/reference': [['/admin/reference?x=1', 200, undefined, 'centre_admin']],
  'GET /admin/reference/:kind': [
    ['/admin/reference/astrology', 404, undefined, 'centre_admin'],
    ['/admin/reference/' + 'x'.repeat(50), 400, undefined, 'centre_admin'],
  ],
  'POST /admin/reference/:kind/check': [
    ['/admin/reference/astrology/check', 404, 'rows=1', 'centre_admin'],
    ['/admin/reference/glossary/check', 303, 'rows=99999&rowVersion=x&term_0=' + long, 'centre_admin'],
    ['/admin/reference/glossary/check', 400, 'rows=1&term_0=a&term_0=b', 'centre_admin'],
  ],
  'POST /admin/reference/:kind': [
    [
      '/admin/reference/framework',
      303,
      'rows=1&rowVersion=1&code_0=9.9&pillar_0=9&label_0=x',
      'centre_admin',
    ],
    ['/admin/reference/framework', 400, 'rows=1&rows=2', 'centre_admin'],
  ],
  'GET /admin/reference/documents': [['/admin/reference/documents?x=1', 200, undefined, 'centre_admin']],
  'GET /admin/reference/documents/new': [
    ['/admin/reference/documents/new?x=%00', 200, undefined, 'centre_admin'],
  ],
  'GET /admin/reference/documents/:slug': [
    ['/admin/reference/documents/no-such', 404, undefined, 'centre_admin'],
    ['/admin/reference/documents/' + 'x'.repeat(101), 400, undefined, 'centre_admin'],
  ],
  'POST /admin/reference/documents/new/check': [
    [
      '/admin/reference/documents/new/check',
      303,
      'rowVersion=%00&title=' + long + '&issuedOn%5Bday%5D=99&file=not-a-file',
      'centre_admin',
    ],
    [
      '/admin/reference/documents/new/check',
      303,
      `rowVersion=1&title=x&about=y&fileId=${ZERO_ID}`,
      'centre_admin',
    ],
  ],
  'POST /admin/reference/documents/new': [
    ['/admin/reference/documents/new', 303, 'rowVersion=1&title=x&about=y&changeSummary=z', 'centre_admin'],
    [
      '/admin/reference/documents/new',
      303,
      'rowVersion=1&title=x&about=y&fileId=..%2F..&changeSummary=z',
      'centre_admin',
    ],
  ],
  'POST /admin/reference/documents/:slug/check': [
    ['/admin/reference/documents/no-such/check', 404, 'rowVersion=1&remove=yes', 'centre_admin'],
  ],
  'POST /admin/reference/documents/:slug': [
    ['/admin/reference/documents/no-such', 404, 'rowVersion=1&remove=yes&changeSummary=x', 'centre_admin'],
  ],
  'GET /api/v1/me': [
    ['/api/v1/me', 401],
    ['/api/v1/me?token=x', 401],
  ],
  'GET /assets/*': [
    ['/assets/images/no-such-file.svg', 404],
    ['/assets/..%2F..%2Fpackage.json', 403],
  ],
  'GET /assets/nhsuk/nhsuk-frontend.min.css': [['/assets/nhsuk/nhsuk-frontend.min.css?v=%00%ff', 200]],
  'GET /assets/nhsuk/*': [
    ['/assets/nhsuk/index.scss', 404],
    ['/assets/nhsuk/%2e%2e/%2e%2e/package.json', 404],
  ],
  'GET /assets/app/*': [
    ['/assets/app/missing.css', 404],
    ['/assets/app/..%2F..%2F..%2Fpackage.json', 403],
  ],
}

describe('every route answers bad input with a 4xx, never a 500', () => {
  let t: TestApp
  const users: Record<string, string> = {}
  before(async () => {
    t = await createTestApp()
    const organisation = await t.database.db
      .insertInto('organisation')
      .values({ name: 'Bad Input University', kind: 'provider' })
      .returning('id')
      .executeTakeFirstOrThrow()
    users.centre_admin = await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    users.specification_author = await createAccount(t, 'author@example.org', [
      { role: 'specification_author' },
    ])
    users.independent_reviewer = await createAccount(t, 'reviewer@example.org', [
      { role: 'independent_reviewer' },
    ])
    users.provider_admin = await createAccount(t, 'pa@example.org', [
      { role: 'provider_admin', organisationId: organisation.id },
    ])
    users.practitioner = await createAccount(t, 'pp@example.org', [{ role: 'practitioner' }])
    users.credential_group_member = await createAccount(t, 'cg@example.org', [
      { role: 'credential_group_member' },
    ])
  })
  after(() => t.close())

  it('has a row for every registered route', () => {
    const registered = new Set(
      t.app.registeredRoutes.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`),
    )
    const missing = [...registered].filter((r) => !(r in CASES))
    assert.deepEqual(missing, [], 'routes without bad-input cases')
    const stale = Object.keys(CASES).filter((r) => !registered.has(r))
    assert.deepEqual(stale, [], 'cases for routes that no longer exist')
  })

  for (const [route, cases] of Object.entries(CASES)) {
    for (const [url, expected, form, as] of cases) {
      it(`${route}: ${url.slice(0, 70)} ${form?.slice(0, 40) ?? ''} answers ${expected}`, async () => {
        const method = route.split(' ')[0]!
        // A real session and CSRF token, so that what is tested is the input, not the token.
        const { token, session } = await t.services.sessions.create(as ? users[as]! : null)
        const cookie = `__Host-apc_session=${token}`
        const res =
          method === 'GET'
            ? await t.app.inject({ method: 'GET', url, headers: { cookie } })
            : await t.app.inject({
                method: method as 'POST',
                url,
                headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
                payload: `_csrf=${session.csrfToken}&${form ?? ''}`,
              })
        assert.equal(res.statusCode, expected, res.body.slice(0, 300))
        if (url.startsWith('/api/') && expected >= 400) {
          assert.match(res.headers['content-type'] as string, /^application\/problem\+json/)
        }
      })
    }
  }

  // Multipart bodies are read before any route runs, so every POST meets a broken one.
  const BOUNDARY = '----cut-short'
  const brokenMultipart = (csrf: string): Record<string, { payload: string; type: string }> => {
    const csrfPart = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`
    const type = `multipart/form-data; boundary=${BOUNDARY}`
    return {
      'cut short in a file': {
        payload: `${csrfPart}--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="awards.csv"\r\nContent-Type: text/csv\r\n\r\ngiven_name,family_name\nAda,Lovelace`,
        type,
      },
      'cut short in a part header': { payload: `${csrfPart}--${BOUNDARY}\r\nContent-Disposit`, type },
      'without a boundary': { payload: csrfPart, type: 'multipart/form-data' },
      'not multipart at all': { payload: 'hello', type },
    }
  }

  it('answers a multipart body cut short with 400 on every POST route, and saves nothing', async () => {
    const posts = t.app.registeredRoutes.filter((r) => r.method === 'POST')
    assert.ok(
      posts.some((r) => r.url === '/provider/deliveries/:id/imports/new'),
      'the award upload',
    )
    const saved = async () => ({
      audit: Number(
        (
          await t.database.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      imports: Number(
        (
          await t.database.db
            .selectFrom('award_import')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    })
    const before = await saved()
    for (const route of posts) {
      const url = route.url.replace(/:[A-Za-z]+/g, ZERO_ID)
      const { token, session } = await t.services.sessions.create(users.provider_admin!)
      for (const [what, body] of Object.entries(brokenMultipart(session.csrfToken))) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: `__Host-apc_session=${token}`, 'content-type': body.type },
          payload: body.payload,
        })
        const label = `${route.url}, ${what}`
        assert.equal(res.statusCode, 400, `${label}: ${res.body.slice(0, 300)}`)
        if (url.startsWith('/api/')) {
          assert.match(String(res.headers['content-type']), /^application\/problem\+json/, label)
          assert.match(res.json<{ detail: string }>().detail, /did not arrive whole/, label)
        } else {
          const summary = parse(res.body).querySelector('.nhsuk-error-summary')
          assert.match(summary?.text ?? '', /did not arrive whole, so nothing was saved/, label)
        }
      }
    }
    assert.deepEqual(await saved(), before, 'nothing was saved')
  })
})

// Every action the service writes to the audit trail reads as a sentence, with no code in it.
// The actions are the keys of AUDIT_ACTIONS, and recordAudit takes no other (its type), so
// this covers every action the code can write, including one added tomorrow.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ROLES } from './accounts.ts'
import {
  auditActionLabel,
  auditSentence,
  entityNoun,
  isKnownAuditAction,
  KNOWN_AUDIT_ACTIONS,
  type AuditFacts,
} from './audit-sentences.ts'

const FACTS: AuditFacts = {
  actor: 'Ada Lovelace',
  target: 'Priya Shah',
  before: { role: 'centre_admin', state: 'submitted' },
  after: { role: 'independent_reviewer', state: 'with_group' },
}

/** What a code looks like: a dotted name, or words joined by underscores. */
const CODE = /[a-z]+[._][a-z_.]+/

describe('the audit trail in words', () => {
  it('knows the actions the service writes', () => {
    assert.ok(KNOWN_AUDIT_ACTIONS.length > 80, `${KNOWN_AUDIT_ACTIONS.length} actions`)
    for (const action of ['sign_in', 'role.granted', 'audit.erased', 'proposal.agreed', 'award.revoked'])
      assert.ok(isKnownAuditAction(action), action)
  })

  for (const action of KNOWN_AUDIT_ACTIONS)
    it(`${action}: a sentence naming who did it, with no code in it`, () => {
      const sentence = auditSentence(action, FACTS)
      assert.ok(!sentence.includes(action), sentence)
      assert.doesNotMatch(sentence, CODE, sentence)
      assert.match(sentence, /^[A-Z].*\.$/, 'a sentence')
      assert.ok(sentence.includes('Ada Lovelace') || sentence.startsWith('Someone'), sentence)
    })

  it('names every action in words for the Action filter, each name once', () => {
    const labels = KNOWN_AUDIT_ACTIONS.map(auditActionLabel)
    for (const [i, label] of labels.entries()) {
      assert.doesNotMatch(label, CODE, label)
      assert.match(label, /^[A-Z]/, label)
      assert.notEqual(label, KNOWN_AUDIT_ACTIONS[i])
    }
    assert.deepEqual(
      labels.filter((l, i) => labels.indexOf(l) !== i),
      [],
      'no two actions share a name',
    )
    assert.equal(auditActionLabel('sign_in'), 'Signed in')
    assert.equal(auditActionLabel('test.chain_checked'), 'Test: chain checked')
  })

  it('says which gateway criterion of a proposal was judged, and how, in the words of its tag', () => {
    assert.equal(
      auditSentence('proposal.criterion_judged', {
        ...FACTS,
        target: 'proposal 12',
        after: { criterion: 'G1.1', judgement: 'partly_met', reason: 'Regional only', submission: 1 },
      }),
      'Ada Lovelace judged gateway criterion G1.1 of proposal 12 partly met.',
    )
  })

  it('says who gave whom which role', () => {
    assert.equal(
      auditSentence('role.granted', FACTS),
      'Ada Lovelace gave Priya Shah the role Independent reviewer.',
    )
    assert.equal(
      auditSentence('role.removed', FACTS),
      'Ada Lovelace removed the role Centre admin from Priya Shah.',
    )
    for (const role of ROLES)
      assert.doesNotMatch(auditSentence('role.granted', { ...FACTS, after: { role } }), CODE, role)
  })

  it('says why an answer to a consultation was hidden, and which theme was given', () => {
    assert.equal(
      auditSentence('consultation.answer_hidden', { ...FACTS, after: { reason: 'Abuse of a named person' } }),
      'Ada Lovelace hid an answer to a consultation as abusive: “Abuse of a named person”.',
    )
    assert.equal(
      auditSentence('consultation.tagged', {
        ...FACTS,
        target: entityNoun('consultation_comment'),
        after: { theme: 'Carers' },
      }),
      'Ada Lovelace gave a comment on a consultation the theme “Carers”.',
    )
  })

  it('reads an action it does not know as words, never as its code', () => {
    const sentence = auditSentence('test.something_changed', { ...FACTS, target: entityNoun('test_entity') })
    assert.ok(!sentence.includes('test.something_changed'), sentence)
    assert.ok(!sentence.includes('something_changed'), sentence)
    assert.ok(!sentence.includes('test_entity'), sentence)
    assert.match(sentence, /^Ada Lovelace recorded/)
  })

  it('names every kind of record the service writes about without its code', () => {
    for (const type of [
      'user_account',
      'specification_version',
      'quality_return',
      'award_import',
      'consultation_answer',
      'consultation_theme',
    ])
      assert.doesNotMatch(entityNoun(type), CODE, type)
  })
})

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RoleGrant } from '../domain/accounts.ts'
import {
  chosenOrganisation,
  holdsRoleFor,
  organisationIdsActedFor,
  organisationsActedFor,
} from './acting-for.ts'

const NORTH = '11111111-1111-4111-8111-111111111111'
const SOUTH = '22222222-2222-4222-8222-222222222222'
const EAST = '33333333-3333-4333-8333-333333333333'

const signedIn = (grants: RoleGrant[]) => ({ user: { grants } })
const grant = (role: RoleGrant['role'], organisationId: string | null, organisationName: string | null) => ({
  role,
  organisationId,
  organisationName,
})

// Staff at North, admin at South and North, admin of East, and two roles with no organisation.
const person = signedIn([
  grant('practitioner', null, null),
  grant('provider_staff', NORTH, 'North College'),
  grant('provider_admin', SOUTH, 'South University'),
  grant('provider_admin', NORTH, 'North College'),
  grant('centre_admin', null, null),
  grant('provider_admin', EAST, 'East Trust'),
])

describe('organisationsActedFor', () => {
  it('lists the organisations of either provider role, each once, in the order granted', () => {
    assert.deepEqual(organisationsActedFor(person), [
      { id: NORTH, name: 'North College' },
      { id: SOUTH, name: 'South University' },
      { id: EAST, name: 'East Trust' },
    ])
  })

  it('keeps to the roles asked for', () => {
    assert.deepEqual(
      organisationsActedFor(person, ['provider_admin']).map((o) => o.id),
      [SOUTH, NORTH, EAST],
    )
    assert.deepEqual(
      organisationsActedFor(signedIn([grant('provider_staff', NORTH, 'North College')]), ['provider_admin']),
      [],
    )
  })

  it('is empty for nobody signed in, or for roles held for no organisation', () => {
    assert.deepEqual(organisationsActedFor({ user: null }), [])
    assert.deepEqual(
      organisationsActedFor(signedIn([grant('centre_admin', null, null), grant('practitioner', null, null)])),
      [],
    )
  })

  it('names an organisation with no recorded name by the empty string', () => {
    assert.deepEqual(organisationsActedFor(signedIn([grant('provider_staff', NORTH, null)])), [
      { id: NORTH, name: '' },
    ])
  })
})

describe('organisationIdsActedFor', () => {
  it('answers the identifiers alone', () => {
    assert.deepEqual(organisationIdsActedFor(person), [NORTH, SOUTH, EAST])
    assert.deepEqual(organisationIdsActedFor(person, ['provider_staff']), [NORTH])
  })
})

describe('chosenOrganisation', () => {
  it('is the one asked for when the person acts for it in the role', () => {
    assert.deepEqual(chosenOrganisation(person, ['provider_admin'], EAST), { id: EAST, name: 'East Trust' })
  })

  it('is nothing when they do not act for it in that role', () => {
    const staffOnly = signedIn([grant('provider_staff', NORTH, 'North College')])
    assert.equal(chosenOrganisation(staffOnly, ['provider_admin'], NORTH), undefined)
    assert.equal(
      chosenOrganisation(person, ['provider_admin'], '44444444-4444-4444-8444-444444444444'),
      undefined,
    )
  })

  it('is their first when none is asked for, and nothing when they act for none', () => {
    assert.deepEqual(chosenOrganisation(person, ['provider_admin'], undefined), {
      id: SOUTH,
      name: 'South University',
    })
    assert.deepEqual(chosenOrganisation(person, ['provider_admin'], ''), {
      id: SOUTH,
      name: 'South University',
    })
    assert.equal(chosenOrganisation({ user: null }, ['provider_admin'], undefined), undefined)
  })
})

describe('holdsRoleFor', () => {
  it('is whether the person acts for that organisation in one of the roles', () => {
    assert.equal(holdsRoleFor(person, ['provider_admin'], SOUTH), true)
    assert.equal(holdsRoleFor(person, ['provider_staff'], NORTH), true)
    assert.equal(holdsRoleFor(person, ['provider_staff'], SOUTH), false)
    assert.equal(
      holdsRoleFor(person, ['provider_admin', 'provider_staff'], '44444444-4444-4444-8444-444444444444'),
      false,
    )
    assert.equal(holdsRoleFor({ user: null }, ['provider_admin'], SOUTH), false)
  })
})

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseAwardDate, parseAwardRow, registrationNumberProblem } from './award-rows.ts'

describe('registrationNumberProblem', () => {
  it('takes NMC PINs like 12A3456E, in any case and with spaces around', () => {
    assert.equal(registrationNumberProblem('NMC', '12A3456E'), null)
    assert.equal(registrationNumberProblem('NMC', ' 12a3456e '), null)
    assert.equal(registrationNumberProblem('NMC', '123456E'), 'NMC PIN must look like 12A3456E')
    assert.equal(registrationNumberProblem('NMC', 'PA12345'), 'NMC PIN must look like 12A3456E')
  })

  it('takes HCPC numbers as a two- or three-letter prefix and 4 to 6 digits', () => {
    assert.equal(registrationNumberProblem('HCPC', 'PA12345'), null)
    assert.equal(registrationNumberProblem('HCPC', 'ph1234'), null)
    // Practitioner psychologists, operating department practitioners, hearing aid dispensers.
    for (const number of ['PYL12345', 'ODP12345', 'HAD1234'])
      assert.equal(registrationNumberProblem('HCPC', number), null, number)
    assert.equal(
      registrationNumberProblem('HCPC', 'PYLA12345'),
      'HCPC registration number must look like PA12345',
    )
    assert.equal(
      registrationNumberProblem('HCPC', 'P12345'),
      'HCPC registration number must look like PA12345',
    )
    assert.equal(
      registrationNumberProblem('HCPC', 'PA1234567'),
      'HCPC registration number must look like PA12345',
    )
  })

  it('takes GPhC and GMC numbers as seven digits', () => {
    assert.equal(registrationNumberProblem('GPhC', '2012345'), null)
    assert.equal(registrationNumberProblem('GMC', '1234567'), null)
    assert.equal(registrationNumberProblem('GPhC', '201234'), 'GPhC registration number must be 7 digits')
    assert.equal(registrationNumberProblem('GMC', '12345678'), 'GMC registration number must be 7 digits')
  })

  it('takes other regulators’ numbers as given, up to 30 characters', () => {
    assert.equal(registrationNumberProblem('GOC', '01-12345'), null)
    assert.equal(registrationNumberProblem('Other', 'X'.repeat(30)), null)
    assert.equal(
      registrationNumberProblem('Other', 'X'.repeat(31)),
      'Registration number must be 30 characters or fewer',
    )
  })

  it('asks for a number when there is none', () => {
    for (const regulator of ['NMC', 'HCPC', 'GMC', 'Other'] as const)
      assert.equal(registrationNumberProblem(regulator, '  '), 'Enter the registration number')
  })
})

describe('award dates in rows', () => {
  const values = (awardedOn: string) => ({
    given_name: 'Uma',
    family_name: 'Upload',
    email: 'uma@example.org',
    profession: 'Nurse',
    regulator: 'NMC',
    registration_number: '12A3456E',
    eligibility_basis: 'holds_msc',
    programme: '',
    msc_institution: 'University of Leeds',
    msc_year: '2019',
    awarded_on: awardedOn,
  })
  const parsed = (awardedOn: string) => parseAwardRow(values(awardedOn), { professions: ['Nurse'] })

  it('reads dates written the UK way, day first, and as YYYY-MM-DD', () => {
    assert.equal(parseAwardDate('31/08/2026'), '2026-08-31')
    assert.equal(parseAwardDate('1/8/2026'), '2026-08-01')
    assert.equal(parseAwardDate(' 01/08/2026 '), '2026-08-01')
    assert.equal(parseAwardDate('2026-08-31'), '2026-08-31')
    assert.equal(parseAwardDate('29/02/2028'), '2028-02-29')
    for (const bad of ['31/02/2026', '8/31/2026', '32/1/2026', '2026-02-30', '31-08-2026', '31/08/26', ''])
      assert.equal(parseAwardDate(bad), null, bad)
    // Year 0 is no date PostgreSQL can store: refused here, as the award form refuses it.
    for (const bad of ['0000-01-01', '0001-01-01', '1/1/0000', '31/12/1899'])
      assert.equal(parseAwardDate(bad), null, bad)
    // A real day, even if far off: whether the award may have it is awardDateProblem's.
    assert.equal(parseAwardDate('9999-12-31'), '9999-12-31')
    const row = parsed('1/8/2026')
    assert.ok('row' in row)
    assert.equal(row.row.awardedOn, '2026-08-01')
  })

  it('says both accepted forms when a date is wrong, with its kind, column and value', () => {
    assert.deepEqual(parsed('8/31/2026'), {
      problems: [
        {
          kind: 'award_date_format',
          field: 'awarded_on',
          value: '8/31/2026',
          message: 'Date of the award must be a real date, like 31/08/2026 or 2026-08-31',
        },
      ],
    })
  })

  it('gives each rule its own kind', () => {
    const row = parseAwardRow(
      { ...values('2026-08-01'), regulator: 'NMC', registration_number: 'PA12345', email: 'nope' },
      { professions: ['Nurse'] },
    )
    assert.ok('problems' in row)
    assert.deepEqual(
      row.problems.map((p) => [p.kind, p.field, p.value]),
      [
        ['email_format', 'email', 'nope'],
        ['nmc_pin_format', 'registration_number', 'PA12345'],
      ],
    )
  })
})

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { registrationNumberProblem } from './award-rows.ts'

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

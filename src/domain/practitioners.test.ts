import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkActivity, type ActivityInput } from './practitioners.ts'

const TODAY = '2027-03-15'
const activity = (date: Partial<ActivityInput>): ActivityInput => ({
  title: 'Sepsis study day',
  day: '14',
  month: '3',
  year: '2027',
  hours: '6',
  type: 'course',
  reflection: 'What I learned',
  capabilities: [],
  ...date,
})
const dateProblem = (input: ActivityInput) => {
  const checked = checkActivity(input, [], TODAY)
  return checked.ok ? undefined : checked.problems.find((p) => p.field === 'date')?.text
}

describe('the date of a CPD activity', () => {
  it('is read from the date input', () => {
    const checked = checkActivity(activity({}), [], TODAY)
    assert.equal(checked.ok && checked.activity.activityDate, '2027-03-14')
  })

  it('is refused with the date input messages when missing, partial or not a real date', () => {
    assert.equal(dateProblem(activity({ day: '', month: '', year: '' })), 'Enter the date of the activity')
    assert.equal(dateProblem(activity({ day: '' })), 'Date of the activity must include a day')
    assert.equal(dateProblem(activity({ day: '30', month: '2' })), 'Date of the activity must be a real date')
  })

  it('must be today or in the past, and after 1970', () => {
    assert.equal(dateProblem(activity({ day: '15' })), undefined)
    assert.equal(dateProblem(activity({ day: '16' })), 'Date of the activity must be today or in the past')
    assert.equal(
      dateProblem(activity({ day: '31', month: '12', year: '1969' })),
      'Date of the activity must be after 1970',
    )
  })
})

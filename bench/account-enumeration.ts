// Median time of forgot-password and register for an address with an account and one without,
// through app.inject on a fresh test database (PGlite, or PostgreSQL when DATABASE_URL is set):
// the two should not differ by more than noise, or the timing tells who has an account.
//   node --import tsx bench/account-enumeration.ts [requests per case, 200 by default]
import { createTestApp } from '../test/support/app.ts'
import { Agent, createAccount } from '../test/support/agent.ts'

const N = Number(process.argv[2] ?? 200)
const t = await createTestApp()
const PASSWORD = 'correct horse battery staple'
await createAccount(t, 'known@example.org', [{ role: 'practitioner' }], PASSWORD)

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const at = (i: number) => sorted[i] ?? NaN
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2
}

async function timed(agent: Agent, url: string, fields: Record<string, string>): Promise<number> {
  const started = process.hrtime.bigint()
  const res = await agent.post(url, fields)
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (res.statusCode !== 303) throw new Error(`${url} answered ${res.statusCode}`)
  return ms
}

async function measure(
  url: string,
  unknown: (i: number) => string,
  fields: (email: string) => Record<string, string>,
) {
  const agent = new Agent(t.app)
  await agent.get(url)
  const times = { known: [] as number[], unknown: [] as number[] }
  // Warm up, then alternate the cases so that drift (caches, table growth) falls on both.
  for (let i = 0; i < 20; i++) await timed(agent, url, fields(`warm${i}@example.org`))
  for (let i = 0; i < N; i++) {
    times.known.push(await timed(agent, url, fields('known@example.org')))
    times.unknown.push(await timed(agent, url, fields(unknown(i))))
  }
  console.log(
    `${url}: known ${median(times.known).toFixed(1)} ms, unknown ${median(times.unknown).toFixed(1)} ms (median of ${N} each)`,
  )
}

// An attacker repeats a guess to see through the noise: the same unknown address each time.
await measure(
  '/forgot-password',
  () => 'nobody@example.org',
  (email) => ({ email }),
)
// A registration makes the address known, so each guess is a new one.
await measure(
  '/register',
  (i) => `nobody${i}@example.org`,
  (email) => ({
    displayName: 'Pat Example',
    email,
    password: PASSWORD,
    confirmPassword: PASSWORD,
  }),
)
await t.close()

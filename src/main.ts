// The command line: serve (migrate, seed when empty, listen, and run a job worker unless
// WORKER=off), worker (the job worker alone), migrate, seed, seed:demo, seed:scale,
// create-admin and audit:verify.
import { parseArgs } from 'node:util'
import { createApp } from './app.ts'
import type { Config } from './config.ts'
import { openDatabase, type DatabaseHandle } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { seedIfEmpty } from './db/seed/seed.ts'
import { createAuditService } from './services/audit.ts'
import { ServiceError } from './services/errors.ts'
import { seedDemoProcess } from './services/demo-process.ts'
import { seedDemoPractitioners } from './services/demo-practitioners.ts'
import { seedDemoProvider } from './services/demo-provider.ts'
import { analyseScaleTables, findAwardingDelivery, seedScale } from './services/scale-seed.ts'
import { createServices, type Services } from './services/index.ts'
import { jobHandlers, RECURRING_JOBS } from './services/job-handlers.ts'
import { createWorker, type Worker, type WorkerLog } from './services/worker.ts'

const USAGE = `Commands:
  serve                                              migrate, seed when empty, and listen (with a job worker unless WORKER=off)
  worker                                             migrate, then run jobs (imports, mail, reminders) until stopped
  migrate | seed                                     migrate and seed the catalogue, without serving
  seed:demo                                          create the demo accounts and process records (not in production)
  seed:scale --practitioners <n> [--seed <s>]        add n synthetic practitioners for load tests (not in production)
  create-admin --email <address> --name "<name>"     invite the first Centre admin and print the link
  audit:verify                                       check the audit trail's hash chain`

/** A failure to explain in one message, without a stack trace. */
class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message)
  }
}

// Loaded here rather than imported, so that a bad setting is reported as one clear line.
async function loadConfig(): Promise<Config> {
  try {
    return (await import('./config.ts')).config
  } catch (error) {
    if (error instanceof Error && error.name === 'ConfigError') {
      throw new CommandError(`Configuration: ${error.message}`)
    }
    throw error
  }
}

async function prepareDatabase(config: Config) {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    // The pool reconnects by itself; the message is for whoever reads the log.
    onConnectionLost: (error) =>
      console.error(`Database connection lost (it is opened again when needed): ${error.message}`),
  })
  await migrateToLatest(database.db)
  const seeded = await seedIfEmpty(database.db)
  return { database, seeded }
}

function printDemoAccounts(accounts: Array<{ email: string; password: string; roles: string[] }>): void {
  const rows = [
    ['email', 'password', 'roles'],
    ...accounts.map((a) => [a.email, a.password, a.roles.join(', ')]),
  ]
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)))
  console.log('Demo accounts (sign in at /sign-in; never in production):\n')
  for (const [email, password, roles] of rows) {
    console.log(`  ${email!.padEnd(widths[0]!)}  ${password!.padEnd(widths[1]!)}  ${roles}`)
  }
  console.log('')
}

/** The job worker, with every handler and the recurring jobs (src/services/job-handlers.ts). */
function startJobWorker(
  database: DatabaseHandle,
  services: Services,
  config: Config,
  log: WorkerLog,
): Worker {
  const worker = createWorker(database.db, config, jobHandlers(services), { recurring: RECURRING_JOBS, log })
  worker.start()
  return worker
}

async function serve(config: Config): Promise<void> {
  const { database, seeded } = await prepareDatabase(config)
  const services = createServices(database, config)
  if (config.nodeEnv === 'production') {
    const demo = await services.accounts.countDemoAccounts()
    if (demo > 0) {
      await database.close()
      throw new CommandError(
        `Refusing to start in production: the database holds ${demo} demo account${demo === 1 ? '' : 's'}, ` +
          'whose passwords are public. Remove them first (delete from user_account where is_demo).',
      )
    }
  }
  if (config.demo) {
    printDemoAccounts(await services.accounts.createDemoAccounts())
    await seedDemoRecords(database.db, services)
  }

  // Organisations registered before issuers had keys (or made by seed:demo) get theirs.
  const keysMade = await services.issuers.ensureKeys()
  const app = await createApp(services, { config })
  if (seeded) app.log.info('seeded the national catalogue')
  if (keysMade) app.log.info(`made signing keys for ${keysMade} issuers`)
  let worker: Worker | undefined
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down')
    await app.close()
    // The current job finishes, or goes back to the queue, before the database closes.
    await worker?.stop()
    await database.close()
    process.exit(0)
  }
  process.once('SIGINT', (s) => void shutdown(s))
  process.once('SIGTERM', (s) => void shutdown(s))
  await app.listen({ port: config.port, host: config.host })
  // Mail, housekeeping and reminders are jobs (src/services/job-handlers.ts), run by this
  // worker unless WORKER=off says a worker runs elsewhere (npm run worker).
  if (config.worker) worker = startJobWorker(database, services, config, app.log)
  app.log.info(`database: ${database.kind}${database.kind === 'pglite' ? ` in ${config.dataDir}` : ''}`)
}

/** A log line as JSON on stdout, like the web server's. */
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal']
function consoleLog(level: string): WorkerLog {
  const shown = (wanted: string) =>
    level !== 'silent' && LOG_LEVELS.indexOf(wanted) >= LOG_LEVELS.indexOf(level)
  const line = (wanted: string, details: Record<string, unknown>, message: string) => {
    if (!shown(wanted)) return
    const err =
      details.err instanceof Error ? { message: details.err.message, stack: details.err.stack } : details.err
    console.log(
      JSON.stringify({ level: wanted, time: Date.now(), ...details, ...(err ? { err } : {}), msg: message }),
    )
  }
  return {
    info: (details, message) => line('info', details, message),
    error: (details, message) => line('error', details, message),
  }
}

/**
 * The job worker alone, for PostgreSQL installs that run web instances with WORKER=off. On
 * SIGTERM or SIGINT the current job finishes (or goes back to the queue) before it exits.
 */
async function runWorker(config: Config): Promise<void> {
  const { database } = await prepareDatabase(config)
  const services = createServices(database, config)
  const log = consoleLog(config.logLevel)
  const worker = startJobWorker(database, services, config, log)
  log.info({ database: database.kind }, 'worker running')
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down')
    await worker.stop()
    await database.close()
    process.exit(0)
  }
  process.once('SIGINT', (s) => void shutdown(s))
  process.once('SIGTERM', (s) => void shutdown(s))
}

/** The approval process's records, then the demo provider's, which needs a published credential. */
async function seedDemoRecords(db: DatabaseHandle['db'], services: Services): Promise<void> {
  const approval = await seedDemoProcess(db, services)
  console.log('Demo records at each stage of the approval process:\n')
  for (const r of approval) console.log(`  ${r.stage}: ${r.title}  ${r.href}`)
  console.log('')
  const provider = await seedDemoProvider(db, services)
  console.log('The demo provider (sign in as provider-admin or provider-staff):\n')
  for (const r of provider) console.log(`  ${r.stage}: ${r.title}  ${r.href}`)
  console.log('')
  const practitioners = await seedDemoPractitioners(db, services)
  console.log('Practitioners in the Advanced Practice Directory:\n')
  for (const r of practitioners) console.log(`  ${r.title}  ${r.href}\n    ${r.stage}`)
  console.log('')
}

async function seedDemo(config: Config): Promise<void> {
  if (config.nodeEnv === 'production') {
    throw new CommandError('Demo accounts are never created in production (NODE_ENV=production).')
  }
  const { database } = await prepareDatabase(config)
  try {
    const services = createServices(database, config)
    printDemoAccounts(await services.accounts.createDemoAccounts())
    await seedDemoRecords(database.db, services)
  } finally {
    await database.close()
  }
}

const SEED_SCALE_USAGE = 'Usage: npm run seed:scale -- --practitioners <n> [--seed <s>]'

function wholeNumber(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined && fallback !== undefined) return fallback
  const value = Number(raw)
  if (raw === undefined || !/^\d+$/.test(raw) || !Number.isSafeInteger(value))
    throw new CommandError(`--${name} must be a whole number.\n${SEED_SCALE_USAGE}`, 2)
  return value
}

/**
 * A synthetic population for load tests (src/services/scale-seed.ts). Its awards need an
 * approved delivery: when there is none, the demo records (and their provider) are made first.
 */
async function seedScaleCommand(config: Config, args: string[]): Promise<void> {
  let values: { practitioners?: string | undefined; seed?: string | undefined }
  try {
    values = parseArgs({
      args,
      options: { practitioners: { type: 'string' }, seed: { type: 'string' } },
    }).values
  } catch (error) {
    throw new CommandError(`${(error as Error).message}\n${SEED_SCALE_USAGE}`, 2)
  }
  const practitioners = wholeNumber('practitioners', values.practitioners)
  if (practitioners < 1 || practitioners > 10_000_000)
    throw new CommandError(`--practitioners must be from 1 to 10,000,000.\n${SEED_SCALE_USAGE}`, 2)
  const seed = wholeNumber('seed', values.seed, 1)
  if (seed > 2 ** 31) throw new CommandError(`--seed must be at most 2^31.\n${SEED_SCALE_USAGE}`, 2)
  if (config.nodeEnv === 'production') {
    throw new CommandError('Synthetic accounts are never created in production (NODE_ENV=production).')
  }
  const { database } = await prepareDatabase(config)
  try {
    if (!(await findAwardingDelivery(database.db))) {
      console.log('No approved delivery yet: making the demo records first.\n')
      const services = createServices(database, config)
      printDemoAccounts(await services.accounts.createDemoAccounts())
      await seedDemoRecords(database.db, services)
    }
    const started = performance.now()
    const result = await seedScale(database.db, {
      practitioners,
      seed,
      progress: (done) =>
        console.log(`  ${done.toLocaleString('en-GB')} of ${practitioners.toLocaleString('en-GB')}`),
    })
    await analyseScaleTables(database.db)
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      `Made ${result.practitioners.toLocaleString('en-GB')} synthetic practitioners (@scale.invalid) in ${seconds} s: ` +
        `${result.listed.toLocaleString('en-GB')} listed in the directory, ` +
        `${result.awards.toLocaleString('en-GB')} awards (${result.shownAwards.toLocaleString('en-GB')} shown).`,
    )
  } catch (error) {
    if (error instanceof Error && /already holds synthetic|no approved delivery/.test(error.message))
      throw new CommandError(error.message)
    throw error
  } finally {
    await database.close()
  }
}

const CREATE_ADMIN_USAGE = 'Usage: npm run create-admin -- --email <address> --name "<full name>"'

function createAdminArgs(args: string[]): { email: string; name: string } {
  const usage = (problem: string) => new CommandError(`${problem}\n${CREATE_ADMIN_USAGE}`, 2)
  let values: { email?: string | undefined; name?: string | undefined }
  try {
    values = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } } }).values
  } catch (error) {
    throw usage((error as Error).message)
  }
  const email = values.email?.trim()
  const name = values.name?.trim()
  if (!email) throw usage("Give the new admin's email address with --email.")
  if (!name) throw usage("Give the new admin's full name with --name.")
  return { email, name }
}

async function createAdmin(config: Config, args: string[]): Promise<void> {
  const { email, name } = createAdminArgs(args)
  const { database } = await prepareDatabase(config)
  try {
    const token = await createServices(database, config).accounts.inviteFirstAdmin(email, name)
    console.log(
      `Invited ${email} to be a Centre admin. The invitation e-mail is queued and goes out when ` +
        `the platform runs; the link works once, for 7 days:\n\n` +
        `  ${config.baseUrl}/invitations/accept?token=${encodeURIComponent(token)}\n`,
    )
  } catch (error) {
    // The one rule the service checks that is about the arguments: a valid address.
    if (error instanceof ServiceError) throw new CommandError(`${error.message}\n${CREATE_ADMIN_USAGE}`, 2)
    throw error
  } finally {
    await database.close()
  }
}

async function verifyAudit(config: Config): Promise<void> {
  // Read only: no migration, so that checking never changes what it checks.
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    const result = await createAuditService(database.db).verify()
    if (result.ok) {
      console.log(`Audit trail intact: ${result.checked} events checked`)
    } else {
      console.log(`Audit trail broken at event ${result.brokenId}: ${result.problem}`)
      console.log(`(${result.checked} events before it are intact)`)
      process.exitCode = 1
    }
  } finally {
    await database.close()
  }
}

async function main(command: string | undefined, args: string[]): Promise<void> {
  const known = [
    'serve',
    'worker',
    'migrate',
    'seed',
    'seed:demo',
    'seed:scale',
    'create-admin',
    'audit:verify',
  ]
  if (command !== undefined && !known.includes(command)) {
    throw new CommandError(`Unknown command "${command}".\n${USAGE}`, 2)
  }
  const config = await loadConfig()
  switch (command) {
    case 'serve':
    case undefined:
      return serve(config)
    case 'worker':
      return runWorker(config)
    case 'migrate':
    case 'seed': {
      const { database, seeded } = await prepareDatabase(config)
      console.log(seeded ? 'Migrated and seeded.' : 'Migrated; the catalogue was already seeded.')
      await database.close()
      return
    }
    case 'seed:demo':
      return seedDemo(config)
    case 'seed:scale':
      return seedScaleCommand(config, args)
    case 'create-admin':
      return createAdmin(config, args)
    case 'audit:verify':
      return verifyAudit(config)
  }
}

main(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  if (error instanceof CommandError) {
    console.error(error.message)
    process.exit(error.exitCode)
  }
  console.error(error)
  process.exit(1)
})

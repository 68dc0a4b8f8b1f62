// The command line: serve (migrate, seed when empty, listen, and run a job worker unless
// WORKER=off), worker (the job worker alone), migrate, seed, seed:demo, seed:scale,
// create-admin, audit:verify, backup and restore.
import { parseArgs } from 'node:util'
import { createApp } from './app.ts'
import { backup, BackupError, restore } from './db/backup.ts'
import type { Config } from './config.ts'
import { openDatabase, type DatabaseHandle } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { seedIfEmpty } from './db/seed/seed.ts'
import { copyTemplate } from './db/template.ts'
import { countDemoAccounts, createDemoAccounts } from './db/seed/demo-accounts.ts'
import { createAuditService } from './services/audit.ts'
import { ServiceError } from './services/errors.ts'
import { seedDemoProcess } from './db/seed/demo-process.ts'
import { seedDemoMeetings } from './db/seed/demo-meetings.ts'
import { seedDemoGatewayCheck } from './db/seed/demo-gateway.ts'
import { seedDemoReference } from './db/seed/demo-reference.ts'
import { seedDemoPractitioners } from './db/seed/demo-practitioners.ts'
import { seedDemoProvider } from './db/seed/demo-provider.ts'
import { seedDemoDeliveryHistory } from './db/seed/demo-delivery-history.ts'
import { seedDemoConsultations } from './db/seed/demo-consultations.ts'
import { seedDemoEportfolio } from './db/seed/demo-eportfolio.ts'
import { seedDemoEngagementHistory } from './db/seed/demo-engagement-history.ts'
import { seedDemoPipelineHistory } from './db/seed/demo-pipeline-history.ts'
import { seedDemoNeed } from './db/seed/demo-need.ts'
import { seedDemoHistory } from './db/seed/demo-history.ts'
import { analyseScaleTables, findAwardingDelivery, seedScale } from './db/seed/scale-seed.ts'
import {
  analyseAwardTables,
  DEFAULT_IMPORT_ROWS,
  MAX_IMPORT_ROWS,
  seedScaleProviders,
} from './db/seed/scale-providers.ts'
import { createServices, type Services } from './services/index.ts'
import { jobHandlers, RECURRING_JOBS } from './services/job-handlers.ts'
import { createWorker, type Worker, type WorkerLog } from './services/worker.ts'

const USAGE = `Commands:
  serve                                              migrate, seed when empty, and listen (with a job worker unless WORKER=off)
  worker                                             migrate, then run jobs (imports, mail, reminders) until stopped
  migrate | seed                                     migrate and seed the catalogue, without serving
  seed:demo                                          create the demo accounts and process records (not in production)
  seed:scale [--practitioners <n>] [--providers <p> --learners <n>] [--import-rows <r>] [--seed <s>]
                                                     add synthetic practitioners, and providers with learners and
                                                     awards signed through award imports, for load tests (not in production)
  create-admin --email <address> --name "<name>"     invite the first Centre admin and print the link
  audit:verify                                       check the audit trail's hash chain
  backup <file> [--force]                            write the database to <file> (PGlite: stop the server first)
  restore <file> [--force]                           bring a backup back into an empty DATA_DIR or database`

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
  // On PGlite, a new data folder starts as a copy of the build's migrated and seeded database
  // when there is one (src/db/template.ts); the migrations and seed below then have nothing to do.
  const copied = config.databaseUrl ? false : await copyTemplate(config.dataDir)
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    thread: config.pgliteThread,
    // The pool reconnects by itself; the message is for whoever reads the log.
    onConnectionLost: (error) =>
      console.error(`Database connection lost (it is opened again when needed): ${error.message}`),
  })
  await migrateToLatest(database.db)
  const seeded = (await seedIfEmpty(database.db)) || copied
  return { database, seeded, copied }
}

function printDemoAccounts(accounts: Array<{ email: string; password: string; roles: string[] }>): void {
  const rows: Array<[string, string, string]> = [
    ['email', 'password', 'roles'],
    ...accounts.map((a): [string, string, string] => [a.email, a.password, a.roles.join(', ')]),
  ]
  const emailWidth = Math.max(...rows.map(([email]) => email.length))
  const passwordWidth = Math.max(...rows.map(([, password]) => password.length))
  console.log('Demo accounts (sign in at /sign-in; never in production):\n')
  for (const [email, password, roles] of rows) {
    console.log(`  ${email.padEnd(emailWidth)}  ${password.padEnd(passwordWidth)}  ${roles}`)
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
  const { database, seeded, copied } = await prepareDatabase(config)
  const services = createServices(database, config)
  if (config.nodeEnv === 'production') {
    const demo = await countDemoAccounts(database.db)
    if (demo > 0) {
      await database.close()
      throw new CommandError(
        `Refusing to start in production: the database holds ${demo} demo account${demo === 1 ? '' : 's'}, ` +
          'whose passwords are public. Remove them first (delete from user_account where is_demo).',
      )
    }
  }
  if (config.demo) {
    printDemoAccounts(await createDemoAccounts(database.db, services))
    await seedDemoRecords(database.db, services)
  }

  // Organisations registered before issuers had keys (or made by seed:demo) get theirs.
  const keysMade = await services.issuers.ensureKeys()
  const app = await createApp(services, { config })
  if (seeded)
    app.log.info(`seeded the national catalogue${copied ? " (a copy of the build's database)" : ''}`)
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
  const approval = [...(await seedDemoProcess(db, services)), ...(await seedDemoGatewayCheck(db, services))]
  console.log('Demo records at each stage of the approval process:\n')
  for (const r of approval) console.log(`  ${r.stage}: ${r.title}  ${r.href}`)
  for (const r of await seedDemoMeetings(db, services)) console.log(`  ${r.stage}: ${r.title}  ${r.href}`)
  console.log('')
  const provider = await seedDemoProvider(db, services)
  console.log('The demo provider (sign in as provider-admin or provider-staff):\n')
  for (const r of provider) console.log(`  ${r.stage}: ${r.title}  ${r.href}`)
  console.log('')
  for (const r of await seedDemoDeliveryHistory(db, services))
    console.log(`Delivery history: ${r.stage}: ${r.title}  ${r.href}\n`)
  const practitioners = await seedDemoPractitioners(db, services)
  console.log('Practitioners in the Advanced Practice Directory:\n')
  for (const r of practitioners) console.log(`  ${r.title}  ${r.href}\n    ${r.stage}`)
  console.log('')
  for (const r of await seedDemoReference(db, services))
    console.log(`Reference content: ${r.stage}  ${r.href}\n`)
  console.log('The ePortfolio route (the password of each demo account is demo-<name before @>-password):\n')
  for (const r of await seedDemoEportfolio(db, services)) console.log(`  ${r.stage}: ${r.title}  ${r.href}`)
  console.log('')
  console.log('Consultations:\n')
  for (const r of await seedDemoConsultations(db, services))
    console.log(`  ${r.stage}: ${r.title}  ${r.href}`)
  console.log('')
  console.log('Workforce need (sign in as centre-admin):\n')
  for (const r of await seedDemoNeed(db, services)) console.log(`  ${r.stage}: ${r.title}  ${r.href}`)
  console.log('')
  const engagement = await seedDemoEngagementHistory(db, services)
  console.log(
    `Engagement history (the engagement dashboard, /reports/engagement): ${engagement.responses} responses to ${engagement.consultations} past consultations.\n`,
  )
  // Last, so that the records above are the ones each stage's examples point to.
  const history = await seedDemoPipelineHistory(db, services)
  console.log(
    `Pipeline history since January 2024 (the pipeline dashboard, /reports/pipeline): ${history.proposals} proposals, ` +
      `${history.agreed} agreed and ${history.declined} declined; ${history.endorsed} of their credentials endorsed.\n`,
  )
  console.log('Take-up history (the take-up dashboard):\n')
  for (const r of await seedDemoHistory(db, services)) console.log(`  ${r.stage}: ${r.title}  ${r.href}`)
  // The dashboards read the summary tables: computed now rather than at the worker's next run.
  await services.statistics.refresh()
  console.log('')
}

async function seedDemo(config: Config): Promise<void> {
  if (config.nodeEnv === 'production') {
    throw new CommandError('Demo accounts are never created in production (NODE_ENV=production).')
  }
  const { database } = await prepareDatabase(config)
  try {
    const services = createServices(database, config)
    printDemoAccounts(await createDemoAccounts(database.db, services))
    await seedDemoRecords(database.db, services)
  } finally {
    await database.close()
  }
}

const SEED_SCALE_USAGE = `Usage: npm run seed:scale -- [--practitioners <n>] [--providers <p> --learners <n>] [--import-rows <r>] [--seed <s>]
  --practitioners <n>  n synthetic practitioners with directory entries (1 to 10,000,000)
  --providers <p>      p synthetic providers, each with an approved delivery (1 to 1,000)
  --learners <n>       learners, each with a signed award, per provider (1 to 1,000,000; 10,000,000 in all)
  --import-rows <r>    rows per award import the learners are split into (1 to ${MAX_IMPORT_ROWS.toLocaleString('en-GB')}; ${DEFAULT_IMPORT_ROWS.toLocaleString('en-GB')})
  --seed <s>           the same seed makes the same rows (0 to 2^31; 1)`

const seedScaleUsage = (problem: string) => new CommandError(`${problem}\n${SEED_SCALE_USAGE}`, 2)

/** The option's whole number, from..to; undefined when it is not given. */
function wholeNumber(name: string, raw: string | undefined, range: [number, number]): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value))
    throw seedScaleUsage(`--${name} must be a whole number.`)
  const [from, to] = range
  if (value < from || value > to)
    throw seedScaleUsage(
      `--${name} must be from ${from.toLocaleString('en-GB')} to ${to.toLocaleString('en-GB')}.`,
    )
  return value
}

interface SeedScaleArgs {
  practitioners: number | undefined
  providers: { providers: number; learners: number; importRows: number } | undefined
  seed: number
}

function seedScaleArgs(args: string[]): SeedScaleArgs {
  let values: Partial<Record<'practitioners' | 'providers' | 'learners' | 'import-rows' | 'seed', string>>
  try {
    values = parseArgs({
      args,
      options: {
        practitioners: { type: 'string' },
        providers: { type: 'string' },
        learners: { type: 'string' },
        'import-rows': { type: 'string' },
        seed: { type: 'string' },
      },
    }).values
  } catch (error) {
    throw seedScaleUsage(error instanceof Error ? error.message : String(error))
  }
  const practitioners = wholeNumber('practitioners', values.practitioners, [1, 10_000_000])
  const providers = wholeNumber('providers', values.providers, [1, 1000])
  const learners = wholeNumber('learners', values.learners, [1, 1_000_000])
  const importRows = wholeNumber('import-rows', values['import-rows'], [1, MAX_IMPORT_ROWS])
  const seed = wholeNumber('seed', values.seed, [0, 2 ** 31]) ?? 1
  if ((providers === undefined) !== (learners === undefined))
    throw seedScaleUsage('--providers and --learners go together.')
  if (practitioners === undefined && providers === undefined)
    throw seedScaleUsage('Say what to make: --practitioners, or --providers with --learners.')
  if (importRows !== undefined && providers === undefined)
    throw seedScaleUsage('--import-rows is for --providers.')
  if (providers !== undefined && learners !== undefined && providers * learners > 10_000_000)
    throw seedScaleUsage('At most 10,000,000 learners in all (--providers times --learners).')
  return {
    practitioners,
    providers:
      providers !== undefined && learners !== undefined
        ? { providers, learners, importRows: importRows ?? DEFAULT_IMPORT_ROWS }
        : undefined,
    seed,
  }
}

const count = (n: number) => n.toLocaleString('en-GB')
const secondsSince = (started: number) => ((performance.now() - started) / 1000).toFixed(1)

/**
 * A synthetic population for load tests: practitioners (src/db/seed/scale-seed.ts) and
 * providers whose awards go through award imports (src/db/seed/scale-providers.ts). Both
 * need the demo records (an approved delivery, a published credential, the demo Centre admin):
 * when there is no approved delivery, they are made first.
 */
async function seedScaleCommand(config: Config, args: string[]): Promise<void> {
  const { practitioners, providers, seed } = seedScaleArgs(args)
  if (config.nodeEnv === 'production') {
    throw new CommandError('Synthetic accounts are never created in production (NODE_ENV=production).')
  }
  const { database } = await prepareDatabase(config)
  try {
    const services = createServices(database, config)
    if (!(await findAwardingDelivery(database.db))) {
      console.log('No approved delivery yet: making the demo records first.\n')
      printDemoAccounts(await createDemoAccounts(database.db, services))
      await seedDemoRecords(database.db, services)
    }
    if (practitioners !== undefined) {
      const started = performance.now()
      const result = await seedScale(database.db, {
        practitioners,
        seed,
        progress: (done) => console.log(`  ${count(done)} of ${count(practitioners)}`),
      })
      await analyseScaleTables(database.db)
      console.log(
        `Made ${count(result.practitioners)} synthetic practitioners (@scale.invalid) in ${secondsSince(started)} s: ` +
          `${count(result.listed)} listed in the directory, ` +
          `${count(result.awards)} awards (${count(result.shownAwards)} shown).`,
      )
    }
    if (providers !== undefined) {
      const started = performance.now()
      const result = await seedScaleProviders(database.db, services, config, {
        ...providers,
        seed,
        log: (line) => console.log(line),
      })
      const imported = secondsSince(started)
      await analyseAwardTables(database.db)
      console.log(
        `Made ${count(result.providers.length)} synthetic provider${result.providers.length === 1 ? '' : 's'} ` +
          `with ${count(result.awards)} learners and ` +
          `signed awards, through ${count(result.imports.length)} award import${result.imports.length === 1 ? '' : 's'}, in ${imported} s ` +
          `(${secondsSince(started)} s with VACUUM ANALYZE).`,
      )
    }
  } catch (error) {
    if (
      error instanceof Error &&
      /already holds synthetic|no approved delivery|no published credential|demo account/.test(error.message)
    )
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
    throw usage(error instanceof Error ? error.message : String(error))
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
    const token = await createServices(database, config).accountAdministration.inviteFirstAdmin(email, name)
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
    'backup',
    'restore',
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
    case 'backup':
    case 'restore':
      try {
        await (command === 'backup' ? backup : restore)(config, args)
      } catch (error) {
        if (error instanceof BackupError) throw new CommandError(error.message, error.exitCode)
        throw error
      }
      return
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

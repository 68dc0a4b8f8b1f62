// The command line: serve (migrate, seed when empty, listen), migrate, seed.
import { createApp } from './app.ts'
import { config } from './config.ts'
import { openDatabase } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { seedIfEmpty } from './db/seed/seed.ts'
import { createServices } from './services/index.ts'

async function prepareDatabase() {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  await migrateToLatest(database.db)
  const seeded = await seedIfEmpty(database.db)
  return { database, seeded }
}

async function serve(): Promise<void> {
  const { database, seeded } = await prepareDatabase()
  const app = await createApp(createServices(database, config), { config })
  if (seeded) app.log.info('seeded the national catalogue')
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down')
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.once('SIGINT', (s) => void shutdown(s))
  process.once('SIGTERM', (s) => void shutdown(s))
  await app.listen({ port: config.port, host: config.host })
  app.log.info(`database: ${database.kind}${database.kind === 'pglite' ? ` in ${config.dataDir}` : ''}`)
}

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'serve':
    case undefined:
      return serve()
    case 'migrate':
    case 'seed': {
      const { database, seeded } = await prepareDatabase()
      console.log(seeded ? 'Migrated and seeded.' : 'Migrated; the catalogue was already seeded.')
      await database.close()
      return
    }
    default:
      console.error(`Unknown command "${command}". Use: serve | migrate | seed`)
      process.exitCode = 2
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

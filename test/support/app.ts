import type { FastifyInstance } from 'fastify'
import { createApp } from '../../src/app.ts'
import { config, parseConfig, type Config } from '../../src/config.ts'
import type { Clock } from '../../src/domain/clock.ts'
import { createServices, type Services } from '../../src/services/index.ts'
import { createTestDatabase, type TestDatabase } from './database.ts'

export const TEST_BASE_URL = 'https://credentials.example.test'

export interface TestApp {
  app: FastifyInstance
  services: Services
  config: Config
  database: TestDatabase
  close(): Promise<void>
}

/** The real app on a real, seeded database, for app.inject() or a real listener. */
/** Configuration for tests: the defaults, with the test base URL and silent logs. */
export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig({ NODE_ENV: 'test', BASE_URL: TEST_BASE_URL, DATABASE_URL: config.databaseUrl, ...env })
}

/**
 * The app on a fresh database. A test that moves time passes a `fixedClock` and moves it; the
 * services, routes and jobs all read the time from it.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestApp> {
  const database = await createTestDatabase()
  const appConfig = testConfig(env)
  const services = createServices(database, appConfig, { clock: options.clock })
  const app = await createApp(services, { config: appConfig })
  await app.ready()
  return {
    app,
    services,
    config: appConfig,
    database,
    async close() {
      await app.close()
      await database.close()
    },
  }
}

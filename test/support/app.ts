import type { FastifyInstance } from 'fastify'
import { createApp } from '../../src/app.ts'
import { createServices } from '../../src/services/index.ts'
import { createTestDatabase, type TestDatabase } from './database.ts'

export const TEST_BASE_URL = 'https://credentials.example.test'

export interface TestApp {
  app: FastifyInstance
  database: TestDatabase
  close(): Promise<void>
}

/** The real app on a real, seeded database, for app.inject() or a real listener. */
export async function createTestApp(): Promise<TestApp> {
  const database = await createTestDatabase()
  const app = await createApp(createServices(database), {
    config: { baseUrl: TEST_BASE_URL, logLevel: 'silent' },
  })
  await app.ready()
  return {
    app,
    database,
    async close() {
      await app.close()
      await database.close()
    },
  }
}

// The baseline for the benchmark: the real app, built by the same createApp with the same
// routes, plugins, templates and configuration as `npm start`, over services that hold the
// seed data in memory. What it serves per second is the framework-and-template limit; the
// gap to it is the database.
//
//   PORT=4000 HOST=127.0.0.1 LOG_LEVEL=warn tsx bench/baseline-server.ts
import { createApp } from '../src/app.ts'
import { config } from '../src/config.ts'
import { createInMemoryServices } from './in-memory-services.ts'

async function main(): Promise<void> {
  const app = await createApp(createInMemoryServices(), { config })
  const shutdown = async () => {
    await app.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown())
  process.once('SIGTERM', () => void shutdown())
  const address = await app.listen({ port: config.port, host: config.host })
  console.log(`baseline listening at ${address}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

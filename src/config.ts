// The one place that reads the environment. Everything else receives a Config.
import { createHash } from 'node:crypto'
import path from 'node:path'

export type NodeEnv = 'development' | 'test' | 'production'

export interface Config {
  readonly nodeEnv: NodeEnv
  readonly port: number
  readonly host: string
  /** Folder that holds the embedded PGlite database. */
  readonly dataDir: string
  /** When set, PostgreSQL is used instead of PGlite. */
  readonly databaseUrl: string | undefined
  /** Public address used to build absolute links (API items, OpenAPI servers). */
  readonly baseUrl: string
  /**
   * The address the public pages give for contact, feedback and requests about personal data;
   * undefined when none is set, and the pages say so rather than invent one.
   */
  readonly contactEmail: string | undefined
  readonly logLevel: string
  readonly session: {
    /** Minutes without a request after which a session ends. */
    readonly idleMinutes: number
    /** Hours after sign-in after which a session ends whatever happens. */
    readonly absoluteHours: number
    /** Send the cookie only over HTTPS; browsers treat http://localhost as secure too. */
    readonly secureCookie: boolean
  }
  readonly signIn: {
    /** Failed sign-ins allowed per account, and per address, within the window. */
    readonly maxFailuresPerAccount: number
    readonly maxFailuresPerAddress: number
    readonly windowMinutes: number
  }
  readonly mail: {
    readonly transport: 'console' | 'file' | 'smtp'
    readonly from: string
    /** Folder for the file transport. */
    readonly fileDir: string
    readonly smtpUrl: string | undefined
  }
  readonly oidc:
    | {
        readonly issuer: string
        readonly clientId: string
        readonly clientSecret: string
        /** The button text, such as "Sign in with NHS Care Identity". */
        readonly displayName: string
      }
    | undefined
  /**
   * Which proxies' X-Forwarded-* headers to believe: false (none, the default), true (any),
   * a number of hops, or addresses/CIDR ranges. Believing a forged X-Forwarded-For would
   * let anyone dodge the per-address sign-in limit, so it is off unless set.
   */
  readonly trustProxy: boolean | number | string
  /** Seconds anonymous visitors' public pages are kept; 0 turns the page cache off. */
  readonly pageCacheSeconds: number
  /** Create demo accounts for each role at start (never in production). */
  readonly demo: boolean
  /**
   * How many Credential Group members, present and free to vote (no declared interest), an
   * item needs before the group's votes decide it (GROUP_QUORUM, default 3).
   */
  readonly groupQuorum: number
  /**
   * Whether `serve` also runs a job worker in its own process (WORKER, on unless "off"), so
   * that a one-machine install needs nothing else. Off when `npm run worker` runs elsewhere:
   * then the web instance does no job work at all, not even starting an upload's import.
   */
  readonly worker: boolean
  /**
   * Whether the embedded database runs on a worker thread of its own (PGLITE_THREAD, off unless
   * "on"), so that its work can use the second core rather than the web thread's. Off until a
   * benchmark on a quiet machine shows the gain (bench/README.md).
   */
  readonly pgliteThread: boolean
  /**
   * The 32-byte key that encrypts issuers' private signing keys at rest (AES-256-GCM).
   * Required in production; elsewhere a fixed development key, which protects nothing.
   */
  readonly credentialMasterKey: Buffer
  /**
   * The 32-byte key under which the audit trail records what could be guessed back from a
   * plain hash, such as the registration number an employer checked (HMAC-SHA256).
   * Required in production; elsewhere a fixed development key, which protects nothing.
   */
  readonly auditHmacKey: Buffer
}

export class ConfigError extends Error {
  // The command line tells a bad setting from a crash by this name.
  override name = 'ConfigError'
}

const NODE_ENVS: readonly NodeEnv[] = ['development', 'test', 'production']

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${raw}"`)
  }
  return port
}

function parseBaseUrl(raw: string | undefined, port: number): string {
  const value = raw === undefined || raw === '' ? `http://localhost:${port}` : raw
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`BASE_URL must be an absolute http(s) URL, not "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`BASE_URL must use http or https, not "${url.protocol}"`)
  }
  return url.href.replace(/\/$/, '')
}

function parsePositiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${name} must be a whole number of 1 or more, not "${raw}"`)
  }
  return value
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false
  throw new ConfigError(`${name} must be true or false, not "${raw}"`)
}

function parseMailTransport(
  raw: string | undefined,
  smtpUrl: string | undefined,
): Config['mail']['transport'] {
  const value = raw === undefined || raw === '' ? (smtpUrl ? 'smtp' : 'console') : raw
  if (value !== 'console' && value !== 'file' && value !== 'smtp') {
    throw new ConfigError(`MAIL_TRANSPORT must be console, file or smtp, not "${value}"`)
  }
  if (value === 'smtp' && !smtpUrl) throw new ConfigError('MAIL_TRANSPORT=smtp needs SMTP_URL')
  return value
}

function parseOnOff(name: string, raw: string | undefined, byDefault = true): boolean {
  if (raw === undefined || raw === '') return byDefault
  const value = raw.toLowerCase()
  if (['on', '1', 'true', 'yes'].includes(value)) return true
  if (['off', '0', 'false', 'no'].includes(value)) return false
  throw new ConfigError(`${name} must be on or off, not "${raw}"`)
}

function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false
  if (raw === 'true') return true
  if (/^\d+$/.test(raw)) return Number(raw)
  return raw
}

// Anyone can read these in the source: development and test only.
const developmentKey = (purpose: string) =>
  createHash('sha256').update(`advancing-practice development ${purpose}`).digest()
const DEVELOPMENT_MASTER_KEY = developmentKey('master key')
const DEVELOPMENT_AUDIT_HMAC_KEY = developmentKey('audit HMAC key')

/** A 32-byte secret in base64: required in production, a fixed development key elsewhere. */
function parseSecretKey(
  name: string,
  raw: string | undefined,
  production: boolean,
  developmentDefault: Buffer,
): Buffer {
  if (!raw) {
    if (production)
      throw new ConfigError(
        `${name} is required in production: 32 random bytes in base64 (openssl rand -base64 32)`,
      )
    return developmentDefault
  }
  const key = Buffer.from(raw, 'base64')
  if (key.length !== 32 || key.toString('base64') !== raw.trim())
    throw new ConfigError(`${name} must be 32 bytes in base64 (openssl rand -base64 32)`)
  return key
}

function parseOidc(env: Record<string, string | undefined>): Config['oidc'] {
  const issuer = env.OIDC_ISSUER
  if (!issuer) return undefined
  const clientId = env.OIDC_CLIENT_ID
  const clientSecret = env.OIDC_CLIENT_SECRET
  if (!clientId || !clientSecret) {
    throw new ConfigError('OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET')
  }
  try {
    new URL(issuer)
  } catch {
    throw new ConfigError(`OIDC_ISSUER must be a URL, not "${issuer}"`)
  }
  return {
    issuer,
    clientId,
    clientSecret,
    displayName: env.OIDC_DISPLAY_NAME || 'Sign in with your organisation',
  }
}

/** Pure: builds a frozen Config from an environment-like record. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const nodeEnvRaw = env.NODE_ENV ?? 'development'
  if (!NODE_ENVS.includes(nodeEnvRaw as NodeEnv)) {
    throw new ConfigError(`NODE_ENV must be one of ${NODE_ENVS.join(', ')}, not "${nodeEnvRaw}"`)
  }
  const port = parsePort(env.PORT)
  const demo = parseBoolean('DEMO', env.DEMO, false)
  // Demo accounts have published passwords.
  if (demo && nodeEnvRaw === 'production') {
    throw new ConfigError('DEMO cannot be set with NODE_ENV=production: demo passwords are public')
  }
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL
  return Object.freeze({
    nodeEnv: nodeEnvRaw as NodeEnv,
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl,
    baseUrl: parseBaseUrl(env.BASE_URL, port),
    contactEmail: env.CONTACT_EMAIL?.trim() || undefined,
    logLevel: env.LOG_LEVEL ?? (nodeEnvRaw === 'test' ? 'silent' : 'info'),
    session: Object.freeze({
      idleMinutes: parsePositiveInt('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 30),
      absoluteHours: parsePositiveInt('SESSION_ABSOLUTE_HOURS', env.SESSION_ABSOLUTE_HOURS, 12),
      secureCookie: parseBoolean('COOKIE_SECURE', env.COOKIE_SECURE, true),
    }),
    signIn: Object.freeze({
      maxFailuresPerAccount: parsePositiveInt(
        'SIGN_IN_MAX_FAILURES_PER_ACCOUNT',
        env.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
        5,
      ),
      maxFailuresPerAddress: parsePositiveInt(
        'SIGN_IN_MAX_FAILURES_PER_ADDRESS',
        env.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
        20,
      ),
      windowMinutes: parsePositiveInt('SIGN_IN_WINDOW_MINUTES', env.SIGN_IN_WINDOW_MINUTES, 15),
    }),
    mail: Object.freeze({
      transport: parseMailTransport(env.MAIL_TRANSPORT, env.SMTP_URL || undefined),
      from: env.MAIL_FROM || 'Advancing Practice Credentials <no-reply@localhost>',
      fileDir: path.resolve(env.MAIL_FILE_DIR ?? path.join(env.DATA_DIR ?? './data', 'mail')),
      smtpUrl: env.SMTP_URL || undefined,
    }),
    oidc: parseOidc(env),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    groupQuorum: parsePositiveInt('GROUP_QUORUM', env.GROUP_QUORUM, 3),
    pageCacheSeconds:
      env.PAGE_CACHE_SECONDS === '0' ? 0 : parsePositiveInt('PAGE_CACHE_SECONDS', env.PAGE_CACHE_SECONDS, 10),
    demo,
    worker: parseOnOff('WORKER', env.WORKER),
    pgliteThread: parseOnOff('PGLITE_THREAD', env.PGLITE_THREAD, false),
    credentialMasterKey: parseSecretKey(
      'CREDENTIAL_MASTER_KEY',
      env.CREDENTIAL_MASTER_KEY,
      nodeEnvRaw === 'production',
      DEVELOPMENT_MASTER_KEY,
    ),
    auditHmacKey: parseSecretKey(
      'AUDIT_HMAC_KEY',
      env.AUDIT_HMAC_KEY,
      nodeEnvRaw === 'production',
      DEVELOPMENT_AUDIT_HMAC_KEY,
    ),
  })
}

export const config: Config = parseConfig(process.env)

/**
 * This process's environment with some variables added, for a child process (pg_dump and
 * the like) that needs PATH, PGSSLMODE and the rest as they are.
 */
export function environmentWith(extra: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ...extra }
}

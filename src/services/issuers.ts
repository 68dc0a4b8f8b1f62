// Issuers of verifiable credentials: every provider and the Centre has Ed25519 keys (created
// when the organisation is registered, or by the first start that finds it without one), a
// did:web DID document listing every key it has had, and an Open Badges 3.0 Profile.
// Rotating retires the signing key; retired keys stay listed so earlier credentials verify.
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import {
  DID_CONTEXT,
  MULTIKEY_CONTEXT,
  OB_V3_CONTEXT,
  VC_V2_CONTEXT,
} from '../domain/credentials/contexts.ts'
import {
  didKeyMultibase,
  didWeb,
  ed25519PublicKey,
  publicKeyMultibase,
  rawFromMultibase,
  rawPublicKey,
} from '../domain/credentials/multikey.ts'
import type { Clock } from '../domain/clock.ts'
import { openPrivateKey, sealPrivateKey } from '../domain/credentials/sealed-key.ts'
import * as repo from '../repositories/issuers.ts'
import { recordAudit, type Actor } from './audit.ts'
import { ServiceError } from './errors.ts'
import { isUuid } from '../domain/identifiers.ts'

export interface IssuerKeySummary {
  number: number
  verificationMethod: string
  publicKeyMultibase: string
  createdAt: Date
  retiredAt: Date | null
  /** What it signed after this instant must not verify. */
  compromisedFrom: Date | null
}

/** What marking a key compromised needs: the first day it may have been misused, and why. */
export interface KeyCompromiseInput {
  /** YYYY-MM-DD, a day in the UK; the key is compromised from the start of it. */
  from: string
  reason: string
}

export interface SigningKey {
  privateKey: KeyObject
  verificationMethod: string
}

export interface IssuersService {
  /** The issuer's DID: did:web under this platform's base URL. */
  did(organisationId: string): string
  /** Gives every provider and the Centre without a key its first one; returns how many. */
  ensureKeys(): Promise<number>
  keys(organisationId: string): Promise<IssuerKeySummary[]>
  /** Every issuer, the Centre first, with the number and date of the key it signs with. */
  list(): Promise<
    Array<{
      id: string
      name: string
      centre: boolean
      did: string
      keyNumber: number | null
      keyCreatedAt: Date | null
    }>
  >
  /** Retires the signing key and makes the next; audited. Returns the new key's number. */
  rotate(organisationId: string, actor: Actor): Promise<number>
  didDocument(organisationId: string): Promise<Record<string, unknown> | null>
  profile(organisationId: string): Promise<Record<string, unknown> | null>
  signingKey(organisationId: string): Promise<SigningKey>
  /** The public key a verification method names: our issuers' keys, or a did:key. */
  resolveKey(verificationMethod: string): Promise<KeyObject | null>
  /**
   * When one of our issuers' keys was reported compromised: what it signed from then on must
   * not verify (what it signed before still does). Null when the key is not compromised, or is
   * not one of ours.
   */
  keyCompromise(verificationMethod: string): Promise<{ compromisedFrom: Date } | null>
  /** When the platform signed and stored an award's credential; null for an unknown award. */
  awardCredentialIssuedAt(awardId: string): Promise<Date | null>
  /** One issuer, for its admin page; null when there is no such issuer. */
  issuer(organisationId: string): Promise<{ id: string; name: string; centre: boolean; did: string } | null>
  /**
   * Whether the key may be marked compromised as asked: a ServiceError (on field 'from',
   * 'reason' or 'key') when not. The page checks before asking for confirmation.
   */
  checkKeyCompromise(organisationId: string, keyNumber: number, input: KeyCompromiseInput): Promise<void>
  /**
   * Marks a retired key compromised from the start of the day, once; audited. The signing key
   * cannot be: it must be rotated first. Returns the instant it is compromised from.
   */
  markKeyCompromised(
    organisationId: string,
    keyNumber: number,
    input: KeyCompromiseInput,
    actor: Actor,
  ): Promise<Date>
}

type KeyState = { retired_at: Date | null; compromised_from: Date | null } | undefined

/** The rules for marking a key compromised, given the key as stored. */
function compromiseProblem(key: KeyState, input: KeyCompromiseInput, today: string): ServiceError | null {
  if (!key) return new ServiceError('There is no such key', 'key')
  if (key.compromised_from) return new ServiceError('This key is already marked compromised', 'key')
  if (!key.retired_at)
    return new ServiceError(
      'Rotate the key first: the key the issuer signs with now cannot be marked compromised',
      'key',
    )
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.from))
    return new ServiceError('Enter the date the key may have been misused from', 'from')
  if (input.from > today) return new ServiceError('The date must be today or in the past', 'from')
  if (!input.reason.trim()) return new ServiceError('Enter why the key is compromised', 'reason')
  if (input.reason.length > 2000)
    return new ServiceError('The reason must be 2,000 characters or fewer', 'reason')
  return null
}

/** Makes and stores an organisation's next key, in the caller's transaction. */
export async function createIssuerKey(
  trx: Kysely<Database> | Transaction<Database>,
  config: Config,
  organisationId: string,
): Promise<number> {
  const keyNumber = await repo.retireActiveKey(trx, organisationId)
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  await repo.insertKey(trx, {
    organisation_id: organisationId,
    key_number: keyNumber,
    public_key_multibase: publicKeyMultibase(rawPublicKey(publicKey)),
    private_key_sealed: sealPrivateKey(
      privateKey,
      config.credentialMasterKey,
      sealBinding(organisationId, keyNumber),
    ),
  })
  return keyNumber
}

const sealBinding = (organisationId: string, keyNumber: number) => `${organisationId}#key-${keyNumber}`

export function createIssuersService(db: Kysely<Database>, config: Config, clock: Clock): IssuersService {
  const did = (organisationId: string) => didWeb(config.baseUrl, 'issuers', organisationId)
  const methodOf = (organisationId: string, keyNumber: number) => `${did(organisationId)}#key-${keyNumber}`
  /** The organisation and key number of one of our verification methods, or null. */
  const ours = (verificationMethod: string) => {
    const match = /^(.+):issuers:([0-9a-f-]{36})#key-(\d{1,9})$/.exec(verificationMethod)
    const [, host, organisationId, keyNumber] = match ?? []
    if (host === undefined || organisationId === undefined || keyNumber === undefined) return null
    if (!isUuid(organisationId) || `${host}:issuers:${organisationId}` !== did(organisationId)) return null
    return { organisationId, keyNumber: Number(keyNumber) }
  }

  const service: IssuersService = {
    did,

    async ensureKeys() {
      const missing = await repo.organisationsWithoutKey(db)
      for (const { id } of missing) {
        await db.transaction().execute(async (trx) => {
          // Another instance may have got there first: the active-key index refuses a second.
          if (await repo.findActiveKey(trx, id)) return
          await createIssuerKey(trx, config, id)
        })
      }
      return missing.length
    },

    async keys(organisationId) {
      if (!isUuid(organisationId)) return []
      return (await repo.listKeys(db, organisationId)).map((k) => ({
        number: k.key_number,
        verificationMethod: methodOf(organisationId, k.key_number),
        publicKeyMultibase: k.public_key_multibase,
        createdAt: k.created_at,
        retiredAt: k.retired_at,
        compromisedFrom: k.compromised_from,
      }))
    },

    async list() {
      return (await repo.listIssuers(db)).map((row) => ({
        id: row.id,
        name: row.name,
        centre: row.kind === 'centre',
        did: did(row.id),
        keyNumber: row.key_number,
        keyCreatedAt: row.key_created_at,
      }))
    },

    async rotate(organisationId, actor) {
      if (!isUuid(organisationId) || !(await repo.findIssuer(db, organisationId)))
        throw new ServiceError('There is no such issuer')
      return db.transaction().execute(async (trx) => {
        const keyNumber = await createIssuerKey(trx, config, organisationId)
        await recordAudit(trx, actor, {
          action: 'issuer.key_rotated',
          entityType: 'organisation',
          entityId: organisationId,
          after: { keyNumber, verificationMethod: methodOf(organisationId, keyNumber) },
        })
        return keyNumber
      })
    },

    async didDocument(organisationId) {
      if (!isUuid(organisationId) || !(await repo.findIssuer(db, organisationId))) return null
      const keys = await service.keys(organisationId)
      if (!keys.length) return null
      const id = did(organisationId)
      return {
        '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
        id,
        verificationMethod: keys.map((k) => ({
          id: k.verificationMethod,
          type: 'Multikey',
          controller: id,
          publicKeyMultibase: k.publicKeyMultibase,
        })),
        // Retired keys stay: they signed credentials that must go on verifying.
        assertionMethod: keys.map((k) => k.verificationMethod),
      }
    },

    async profile(organisationId) {
      const issuer = isUuid(organisationId) ? await repo.findIssuer(db, organisationId) : undefined
      if (!issuer) return null
      return {
        '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
        id: did(organisationId),
        type: ['Profile'],
        name: issuer.name,
        url: issuer.website ?? `${config.baseUrl}/issuers/${organisationId}`,
        ...(issuer.kind === 'centre'
          ? { description: 'Endorses advanced practice credential specifications for England.' }
          : {}),
      }
    },

    async signingKey(organisationId) {
      if (!isUuid(organisationId) || !(await repo.findIssuer(db, organisationId)))
        throw new ServiceError('There is no such issuer')
      let key = await repo.findActiveKey(db, organisationId)
      if (!key) {
        // An issuer made before keys existed (start makes theirs too): its first key now.
        await db
          .transaction()
          .execute(async (trx) => {
            if (!(await repo.findActiveKey(trx, organisationId)))
              await createIssuerKey(trx, config, organisationId)
          })
          // Another request made it first: the active-key index refused ours.
          .catch(() => undefined)
        key = await repo.findActiveKey(db, organisationId)
      }
      if (!key) throw new ServiceError('This issuer has no signing key')
      return {
        privateKey: openPrivateKey(
          key.private_key_sealed,
          config.credentialMasterKey,
          sealBinding(organisationId, key.key_number),
        ),
        verificationMethod: methodOf(organisationId, key.key_number),
      }
    },

    async keyCompromise(verificationMethod) {
      const local = ours(verificationMethod)
      if (!local) return null
      const key = await repo.findKey(db, local.organisationId, local.keyNumber)
      return key?.compromised_from ? { compromisedFrom: key.compromised_from } : null
    },

    async awardCredentialIssuedAt(awardId) {
      if (!isUuid(awardId)) return null
      return (await repo.findAwardCredentialIssuedAt(db, awardId))?.issued_at ?? null
    },

    async issuer(organisationId) {
      const found = isUuid(organisationId) ? await repo.findIssuer(db, organisationId) : undefined
      return found
        ? { id: found.id, name: found.name, centre: found.kind === 'centre', did: did(found.id) }
        : null
    },

    async checkKeyCompromise(organisationId, keyNumber, input) {
      const key =
        isUuid(organisationId) && Number.isSafeInteger(keyNumber)
          ? await repo.findKey(db, organisationId, keyNumber)
          : undefined
      const problem = compromiseProblem(key, input, clock.today())
      if (problem) throw problem
    },

    async markKeyCompromised(organisationId, keyNumber, input, actor) {
      if (!isUuid(organisationId) || !Number.isSafeInteger(keyNumber))
        throw new ServiceError('There is no such key', 'key')
      return db.transaction().execute(async (trx) => {
        const key = await repo.lockKey(trx, organisationId, keyNumber)
        const problem = compromiseProblem(key, input, clock.today())
        if (problem || !key) throw problem ?? new ServiceError('There is no such key', 'key')
        const from = await repo.markCompromised(trx, key.id, input.from)
        await recordAudit(trx, actor, {
          action: 'issuer.key_compromised',
          entityType: 'organisation',
          entityId: organisationId,
          before: { keyNumber, compromisedFrom: null },
          after: {
            keyNumber,
            verificationMethod: methodOf(organisationId, keyNumber),
            compromisedFrom: from.toISOString(),
            reason: input.reason.trim(),
          },
        })
        return from
      })
    },

    async resolveKey(verificationMethod) {
      const local = ours(verificationMethod)
      if (local) {
        const key = await repo.findKey(db, local.organisationId, local.keyNumber)
        const raw = key && rawFromMultibase(key.public_key_multibase)
        return raw ? ed25519PublicKey(raw) : null
      }
      // A did:key carries its key; any other DID would need fetching, which we never do.
      const multibase = didKeyMultibase(verificationMethod)
      const raw = multibase && rawFromMultibase(multibase)
      return raw ? ed25519PublicKey(raw) : null
    },
  }
  return service
}

import { Type, type Static } from '@sinclair/typebox'
import { CREDENTIAL_STATUSES, INTERVENTION_TYPES, ORIGINS, SEASONS } from '../../domain/catalogue.ts'

// An enum keeps the OpenAPI document short and the TypeScript type exact.
const literals = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] })

export const Status = literals(CREDENTIAL_STATUSES)
export const InterventionTypeSchema = literals(INTERVENTION_TYPES)

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ name: Type.String(), reason: Type.String() }))),
  },
  { description: 'An RFC 9457 problem document' },
)

export const CredentialListQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,100}$', description: 'Clinical area slug' })),
    status: Type.Optional(Status),
    type: Type.Optional(InterventionTypeSchema),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Words, all of which must match' }),
    ),
    page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
)
export type CredentialListQuery = Static<typeof CredentialListQuery>

export const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,100}$' }) })
export type SlugParams = Static<typeof SlugParams>

const Due = Type.Union([Type.Object({ season: literals(SEASONS), year: Type.Integer() }), Type.Null()])

export const CredentialItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  title: Type.String(),
  area: Type.Object({ slug: Type.String(), name: Type.String() }),
  status: Status,
  statusLabel: Type.String({
    description:
      'The status in words, as of today: "Due Spring 2027", "Was due Spring 2021" once the season is over, "Not yet scheduled"',
  }),
  type: InterventionTypeSchema,
  level: Type.Union([Type.Integer(), Type.Null()], { description: 'Academic level; null while TBC' }),
  due: Due,
  origin: literals(ORIGINS),
  url: Type.String({ format: 'uri', description: 'The public page' }),
  apiUrl: Type.String({ format: 'uri' }),
})

export const CredentialList = Type.Object({
  items: Type.Array(CredentialItem),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
  pageCount: Type.Integer(),
  links: Type.Object({
    self: Type.String(),
    next: Type.Union([Type.String(), Type.Null()]),
    prev: Type.Union([Type.String(), Type.Null()]),
  }),
})

export const CredentialDetail = Type.Composite([
  CredentialItem,
  Type.Object({
    area: Type.Object({
      slug: Type.String(),
      name: Type.String(),
      note: Type.Union([Type.String(), Type.Null()]),
    }),
    owner: Type.Union([
      Type.Object({ name: Type.String(), url: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    summary: Type.Union([Type.String(), Type.Null()]),
    notes: Type.Array(Type.String()),
    timeline: Type.Array(
      Type.Object({
        status: Status,
        statusLabel: Type.String(),
        due: Due,
        reason: Type.Union([Type.String(), Type.Null()]),
        source: Type.Union([Type.String(), Type.Null()], {
          description: 'The document the entry is taken from, for entries from a dated source',
        }),
        recordedAt: Type.String({
          description:
            'When it happened: an ISO 8601 instant for entries recorded here; for an entry from a dated source, its date only to the precision the source gives, such as "2022"',
        }),
        recordedAtPrecision: Type.Union(
          [Type.Literal('instant'), Type.Literal('season'), Type.Literal('year')],
          {
            description:
              'How precise recordedAt is; a season is written as ISO 8601-2 does, "2022-21" for spring 2022',
          },
        ),
        approximate: Type.Boolean({ description: 'Whether the source gives its date only approximately' }),
      }),
    ),
  }),
])

export const ApiClientSchema = Type.Object({
  organisation: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  token: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
})

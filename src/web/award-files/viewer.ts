import type { FastifyRequest } from 'fastify'
import { organisationIdsActedFor } from '../acting-for.ts'

/** Who is asking for an award's copies: its holder, its provider's people, or the Centre. */
export function copyViewerOf(request: FastifyRequest) {
  return {
    userId: request.user?.id ?? null,
    organisationIds: organisationIdsActedFor(request),
    centreAdmin: (request.user?.grants ?? []).some((g) => g.role === 'centre_admin'),
  }
}

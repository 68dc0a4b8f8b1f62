import { Type, type Static } from '@sinclair/typebox'
import {
  CREDENTIAL_STATUSES,
  INTERVENTION_TYPES,
  isCredentialStatus,
  isInterventionType,
  type CredentialStatus,
  type InterventionType,
} from '../../domain/catalogue.ts'
import type { FieldError } from '../forms.ts'

// The HTML form sends every field, empty ones as "". Values are checked here rather than
// by the schema so that a bad one is answered with the error summary, not a bare 400.
export const catalogueQuerySchema = Type.Object({
  area: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  q: Type.Optional(Type.String()),
})
export type CatalogueQuery = Static<typeof catalogueQuerySchema>

export const MAX_SEARCH_LENGTH = 200

export interface CatalogueForm {
  area: string | undefined
  status: CredentialStatus | undefined
  type: InterventionType | undefined
  q: string | undefined
}

const blankToUndefined = (value: string | undefined) => {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

/** Checks everything but the area, which only the catalogue service can know. */
export function parseCatalogueQuery(query: CatalogueQuery): { form: CatalogueForm; errors: FieldError[] } {
  const errors: FieldError[] = []
  const status = blankToUndefined(query.status)
  const type = blankToUndefined(query.type)
  const q = blankToUndefined(query.q)
  if (status !== undefined && !isCredentialStatus(status)) {
    errors.push({ text: 'Select a status from the list', href: '#status' })
  }
  if (type !== undefined && !isInterventionType(type)) {
    errors.push({ text: 'Select a type from the list', href: '#type' })
  }
  if (q !== undefined && q.length > MAX_SEARCH_LENGTH) {
    errors.push({ text: `Search words must be ${MAX_SEARCH_LENGTH} characters or fewer`, href: '#q' })
  }
  return {
    form: {
      area: blankToUndefined(query.area),
      status: status !== undefined && isCredentialStatus(status) ? status : undefined,
      type: type !== undefined && isInterventionType(type) ? type : undefined,
      q: q !== undefined && q.length <= MAX_SEARCH_LENGTH ? q : undefined,
    },
    errors,
  }
}

export const statusOptions = CREDENTIAL_STATUSES
export const typeOptions = INTERVENTION_TYPES

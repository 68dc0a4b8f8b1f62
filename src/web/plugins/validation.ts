// Request validation: two validators, by what is being read. Addresses, query strings,
// headers and HTML forms carry only text, so their schemas' numbers and booleans are read
// from it ("2" is 2). A JSON API body carries real types: there, coercion would turn a
// mistake into data (givenName: true saved as "true", mscYear: "2018" read as a number),
// so a value of the wrong type is refused with 400 naming the field.
import AjvCompiler, { type BuildCompilerFromPool } from '@fastify/ajv-compiler'

/**
 * Whether what is validated is a JSON body sent by a program: any body under /api/. Fastify
 * hands a validator compiler the route's definition ({ schema, url, httpPart }).
 */
export function isJsonApiBody(definition: unknown): boolean {
  return (
    typeof definition === 'object' &&
    definition !== null &&
    'httpPart' in definition &&
    definition.httpPart === 'body' &&
    'url' in definition &&
    typeof definition.url === 'string' &&
    definition.url.startsWith('/api/')
  )
}

const buildFromPool = AjvCompiler()

/** The app's validators: Fastify's schemaController.compilersFactory.buildValidator. */
export const buildValidator: BuildCompilerFromPool = (externalSchemas, options) => {
  const customOptions = options?.mode === 'JTD' ? {} : options?.customOptions
  const coercing = buildFromPool(externalSchemas, {
    ...options,
    mode: undefined,
    customOptions: { ...customOptions, coerceTypes: true },
  })
  const exact = buildFromPool(externalSchemas, {
    ...options,
    mode: undefined,
    customOptions: { ...customOptions, coerceTypes: false },
  })
  return (definition) => (isJsonApiBody(definition) ? exact : coercing)(definition)
}

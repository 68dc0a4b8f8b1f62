import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, TEST_BASE_URL, type TestApp } from '../../../test/support/app.ts'
import {
  insertApprovedProvider,
  insertPublishedExample,
  VERSION_2,
  type PublishedExample,
} from '../../../test/support/publication.ts'
import { CTDL_NAMESPACES, ctdlTerm, expandWithoutDrops } from '../../../test/support/structured-data.ts'
import { isCtid } from '../../domain/ctdl.ts'

type Node = Record<string, unknown>

/**
 * The Credential Registry's minimum data policy: the properties it requires of each class, as
 * this export publishes them. A list inside a list is "one of these". The Registry also asks a
 * credential for ceterms:credentialStatusType where CTDL's CredentialStatus scheme has a term
 * for its status (checked below); a framework for a publisher, by reference or by name.
 */
const MINIMUM_DATA: Record<string, Array<string | string[]>> = {
  'ceterms:Certificate': [
    'ceterms:ctid',
    'ceterms:name',
    'ceterms:description',
    'ceterms:subjectWebpage',
    'ceterms:inLanguage',
    'ceterms:lifeCycleStatusType',
    ['ceterms:ownedBy', 'ceterms:offeredBy'],
  ],
  'ceterms:QACredentialOrganization': [
    'ceterms:ctid',
    'ceterms:name',
    'ceterms:description',
    'ceterms:subjectWebpage',
    'ceterms:agentType',
    'ceterms:agentSectorType',
    ['ceterms:email', 'ceterms:address'],
  ],
  'ceterms:CredentialOrganization': [
    'ceterms:ctid',
    'ceterms:name',
    'ceterms:description',
    'ceterms:subjectWebpage',
    'ceterms:agentType',
    'ceterms:agentSectorType',
    ['ceterms:email', 'ceterms:address'],
  ],
  'ceasn:CompetencyFramework': [
    'ceterms:ctid',
    'ceasn:name',
    'ceasn:description',
    'ceasn:inLanguage',
    ['ceasn:publisher', 'ceasn:publisherName'],
  ],
  'ceasn:Competency': ['ceterms:ctid', 'ceasn:competencyText', 'ceasn:isPartOf'],
}
MINIMUM_DATA['ceterms:Credential'] = MINIMUM_DATA['ceterms:Certificate']!

function assertMinimumData(node: Node) {
  const type = String(node['@type'])
  const required = MINIMUM_DATA[type]
  assert.ok(required, `${type} is a class the export is meant to have`)
  for (const property of required) {
    const options = [property].flat()
    assert.ok(
      options.some((p) => {
        const value = node[p]
        return (
          value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && !value.length)
        )
      }),
      `${String(node['@id'])} (${type}) has ${options.join(' or ')}`,
    )
  }
  assert.ok(isCtid(node['ceterms:ctid']), `${String(node['ceterms:ctid'])} is a CTID`)
  if (type === 'ceterms:Certificate' || type === 'ceterms:Credential') {
    const lifeCycle = (node['ceterms:lifeCycleStatusType'] as Node)['ceterms:targetNode']
    if (lifeCycle !== 'lifeCycle:Developing')
      assert.ok(node['ceterms:credentialStatusType'], `${String(node['@id'])} has its credentialStatusType`)
  }
}

describe('the catalogue in CTDL', () => {
  let t: TestApp
  let example: PublishedExample
  let provider: { id: string; name: string; website: string }
  let centreId: string
  const get = (url: string) => t.app.inject({ method: 'GET', url })
  const json = async (url: string) => {
    const res = await get(url)
    assert.equal(res.statusCode, 200, url)
    assert.equal(res.headers['content-type'], 'application/ld+json; charset=utf-8')
    assert.equal(res.headers['access-control-allow-origin'], '*')
    const doc = JSON.parse(res.body) as Node
    assert.equal(doc['@context'], 'https://credreg.net/ctdl/schema/context/json')
    return doc
  }
  const url = (path: string) => `${TEST_BASE_URL}${path}`

  before(async () => {
    t = await createTestApp()
    example = await insertPublishedExample(t)
    provider = await insertApprovedProvider(t, example)
    const centre = await t.database.db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'centre')
      .executeTakeFirstOrThrow()
    centreId = centre.id
  })
  after(() => t.close())

  it('gives a credential its class, CTID, status, owner, offerers, approval and requirements', async () => {
    const doc = await json(`/ctdl/credentials/${example.slug}.json`)
    assert.equal(doc['@type'], 'ceterms:Certificate')
    assert.equal(doc['@id'], url(`/ctdl/credentials/${example.slug}.json`))
    assert.equal(doc['ceterms:ctid'], `ce-${example.credentialId}`)
    assert.deepEqual(doc['ceterms:name'], { 'en-GB': 'Frailty in the community' })
    assert.equal(doc['ceterms:subjectWebpage'], url(`/credentials/${example.slug}`))
    assert.deepEqual(doc['ceterms:inLanguage'], ['en-GB'])
    assert.equal((doc['ceterms:lifeCycleStatusType'] as Node)['ceterms:targetNode'], 'lifeCycle:Active')
    assert.equal((doc['ceterms:credentialStatusType'] as Node)['ceterms:targetNode'], 'credentialStat:Active')
    const centre = url(`/ctdl/organisations/${centreId}.json`)
    assert.deepEqual(doc['ceterms:ownedBy'], [centre])
    assert.deepEqual(doc['ceterms:approvedBy'], [centre])
    assert.deepEqual(doc['ceterms:offeredBy'], [url(`/ctdl/organisations/${provider.id}.json`)])
    const [entry, capabilities] = doc['ceterms:requires'] as Node[]
    assert.equal(entry!['@type'], 'ceterms:ConditionProfile')
    assert.ok(
      String((entry!['ceterms:description'] as Node)['en-GB']).includes(
        VERSION_2.entryRequirements.mastersRoute,
      ),
    )
    assert.deepEqual(
      (capabilities!['ceterms:targetCompetency'] as Node[]).map((c) => c['ceterms:targetNode']),
      ['1.4', '1.6', '1.7', '2.1', '3.1', '4.2', '4.3'].map((code) =>
        url(`/ctdl/framework.json#capability-${code}`),
      ),
    )
    assertMinimumData(doc)
    await expandWithoutDrops(doc, CTDL_NAMESPACES, ctdlTerm)
  })

  it('says a recognised curriculum is owned by its body and recognised by the Centre', async () => {
    const doc = await json(`/ctdl/credentials/${example.recognisedSlug}.json`)
    assert.equal(doc['@type'], 'ceterms:Certificate')
    const [owner] = doc['ceterms:ownedBy'] as Node[]
    assert.equal(owner!['@type'], 'ceterms:CredentialOrganization')
    assert.deepEqual(doc['ceterms:recognizedBy'], [url(`/ctdl/organisations/${centreId}.json`)])
    assertMinimumData(doc)
    await expandWithoutDrops(doc, CTDL_NAMESPACES, ctdlTerm)
  })

  it('describes the Centre as the quality-assurance body that approves and recognises', async () => {
    const doc = await json(`/ctdl/organisations/${centreId}.json`)
    assert.equal(doc['@type'], 'ceterms:QACredentialOrganization')
    assert.equal(doc['ceterms:ctid'], `ce-${centreId}`)
    assert.ok((doc['ceterms:approves'] as string[]).includes(url(`/ctdl/credentials/${example.slug}.json`)))
    assert.ok(
      (doc['ceterms:recognizes'] as string[]).includes(
        url(`/ctdl/credentials/${example.recognisedSlug}.json`),
      ),
    )
    assertMinimumData(doc)
    await expandWithoutDrops(doc, CTDL_NAMESPACES, ctdlTerm)
  })

  it('describes a provider with an approved delivery as a credentialing organisation offering it', async () => {
    const doc = await json(`/ctdl/organisations/${provider.id}.json`)
    assert.equal(doc['@type'], 'ceterms:CredentialOrganization')
    assert.equal(doc['ceterms:ctid'], `ce-${provider.id}`)
    assert.deepEqual(doc['ceterms:name'], { 'en-GB': provider.name })
    assert.equal(doc['ceterms:subjectWebpage'], provider.website)
    assert.deepEqual(doc['ceterms:offers'], [url(`/ctdl/credentials/${example.slug}.json`)])
    assertMinimumData(doc)
    await expandWithoutDrops(doc, CTDL_NAMESPACES, ctdlTerm)
  })

  it('gives the framework as a competency framework: four pillars, each capability under its pillar', async () => {
    const doc = await json('/ctdl/framework.json')
    const graph = doc['@graph'] as Node[]
    const [framework, ...competencies] = graph
    assert.equal(framework!['@type'], 'ceasn:CompetencyFramework')
    const pillars = competencies.filter((c) => c['ceasn:isTopChildOf'])
    const capabilities = competencies.filter((c) => c['ceasn:isChildOf'])
    assert.equal(pillars.length, 4)
    assert.equal(capabilities.length, 38)
    assert.deepEqual(
      framework!['ceasn:hasTopChild'],
      pillars.map((p) => p['@id']),
    )
    for (const capability of capabilities) {
      assert.equal(capability['ceasn:isPartOf'], framework!['@id'])
      const parent = pillars.find((p) => p['@id'] === capability['ceasn:isChildOf'])
      assert.ok((parent?.['ceasn:hasChild'] as string[]).includes(String(capability['@id'])))
    }
    const ctids = graph.map((n) => n['ceterms:ctid'])
    assert.equal(new Set(ctids).size, ctids.length, 'every CTID differs')
    for (const node of graph) assertMinimumData(node)
    await expandWithoutDrops(doc, CTDL_NAMESPACES, ctdlTerm)
    // Name-based, so the same on every export.
    assert.deepEqual((await json('/ctdl/framework.json'))['@graph'], graph)
  })

  it('gives the whole catalogue as one graph, every resource with the Registry minimum', async () => {
    const doc = await json('/ctdl/graph.json')
    const graph = doc['@graph'] as Node[]
    const listed = await t.database.db
      .selectFrom('credential')
      .select(['slug', 'origin', 'owner_name'])
      .where('listed', '=', true)
      .execute()
    const credentials = graph.filter((n) => String(n['@id']).includes('/ctdl/credentials/'))
    // A credential of another body whose owner is not recorded, that nobody offers, is left out.
    const exportable = listed.filter((c) => c.origin === 'centre' || c.owner_name !== null)
    assert.ok(credentials.length >= exportable.length)
    for (const c of exportable)
      assert.ok(
        credentials.some((n) => n['@id'] === url(`/ctdl/credentials/${c.slug}.json`)),
        c.slug,
      )
    const types = new Set(graph.map((n) => n['@type']))
    for (const type of [
      'ceterms:QACredentialOrganization',
      'ceterms:CredentialOrganization',
      'ceasn:CompetencyFramework',
    ])
      assert.ok(types.has(type), type)
    for (const node of graph) assertMinimumData(node)
    // Every reference to another resource of the export is to one in the graph.
    const ids = new Set(graph.map((n) => n['@id']))
    for (const node of graph)
      for (const property of ['ceterms:ownedBy', 'ceterms:offeredBy', 'ceterms:offers', 'ceterms:approves'])
        for (const target of [node[property] ?? []].flat())
          if (typeof target === 'string') assert.ok(ids.has(target), `${property} ${target}`)
    await expandWithoutDrops(doc, CTDL_NAMESPACES, ctdlTerm)
  })

  it('answers an address it has nothing at with a problem document', async () => {
    for (const path of [
      '/ctdl/credentials/no-such-credential.json',
      `/ctdl/credentials/${example.slug}`,
      `/ctdl/credentials/${example.slug}.xml`,
      '/ctdl/organisations/not-a-uuid.json',
      '/ctdl/organisations/00000000-0000-4000-8000-000000000000.json',
    ]) {
      const res = await get(path)
      assert.equal(res.statusCode, 404, path)
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', path)
    }
  })

  it('is described in the OpenAPI document under "ctdl"', async () => {
    const doc = (await get('/api/openapi.json')).json<{
      tags: Array<{ name: string }>
      paths: Record<string, { get?: { tags?: string[] } }>
    }>()
    assert.ok(doc.tags.some((tag) => tag.name === 'ctdl'))
    for (const path of [
      '/ctdl/credentials/{file}',
      '/ctdl/organisations/{file}',
      '/ctdl/framework.json',
      '/ctdl/graph.json',
    ])
      assert.deepEqual(doc.paths[path]?.get?.tags, ['ctdl'], path)
  })

  it('keeps a credential its CTID when a new version is published', async () => {
    const before = await json(`/ctdl/credentials/${example.slug}.json`)
    const db = t.database.db
    await db
      .updateTable('specification_version')
      .set({ state: 'superseded' })
      .where('credential_id', '=', example.credentialId)
      .where('number', '=', 2)
      .execute()
    await db
      .updateTable('specification_version')
      .set({ state: 'published', published_at: new Date('2026-11-01T09:00:00Z'), decision: 'endorse' })
      .where('credential_id', '=', example.credentialId)
      .where('number', '=', 3)
      .execute()
    const version = await db
      .selectFrom('specification_version')
      .select('number')
      .where('credential_id', '=', example.credentialId)
      .where('state', '=', 'published')
      .executeTakeFirstOrThrow()
    assert.equal(version.number, 3)
    const afterwards = await json(`/ctdl/credentials/${example.slug}.json`)
    assert.equal(afterwards['ceterms:ctid'], before['ceterms:ctid'])
    assert.equal(afterwards['ceterms:ctid'], `ce-${example.credentialId}`)
  })
})

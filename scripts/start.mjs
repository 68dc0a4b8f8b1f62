// `npm start`: the command line (src/main.ts) from the build in dist/ when it was made from the
// sources as they are now, otherwise from the sources through tsx, as before there was a
// build. `npm install` makes the build (the `prepare` script, scripts/build.mjs); so does
// `npm run build`. The build loads in about a second where tsx took two to three, and it
// carries a ready database for a first start (src/db/template.ts).
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isBuildCurrent } from './build-state.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

if (isBuildCurrent(root)) {
  await import(pathToFileURL(path.join(root, 'dist', 'src', 'main.js')).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import(pathToFileURL(path.join(root, 'src', 'main.ts')).href)
}

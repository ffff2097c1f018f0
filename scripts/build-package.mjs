// Builds one plugin package in its two shapes:
//   lib/esm/index.js + lib/types/   the OHIF CLI package shape (one ES module, dependencies and peers left as
//                                   imports, + declarations), bundled into an OHIF source build
//   dist/kheops-plugins/<pkg>.mjs   one self-contained ES module a prebuilt OHIF loads from window.config
// Why this split: OHIF's CLI build (platform/app/.webpack/writePluginImportsFile.js) copies each plugin's whole
// dist/ into the app's dist. Only what should be served on the viewer origin lives there: the runtime module,
// which then lands at /kheops-plugins/<pkg>.mjs, the URL the documented early-launch hook imports. The two
// packages' files have different names, so neither overwrites the other.
// The runtime bundle must not import react, @ohif/* or @cornerstonejs/*: a prebuilt OHIF shares none of them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';

const pkg = process.argv[2];
const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, pkg);
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const outRuntime = path.join(dir, 'dist', 'kheops-plugins', `${pkg}.mjs`);
const outEsm = path.join(dir, 'lib', 'esm', 'index.js');
const FORBIDDEN = /^(react|react-dom|@ohif\/|@cornerstonejs\/)/;

fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
fs.rmSync(path.join(dir, 'lib'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);

// Declarations with explicit relative specifiers (./x.js, ./dir/index.js), as strict ESM resolution wants them.
const typesDir = path.join(dir, 'lib', 'types');
for (const file of fs.readdirSync(typesDir, { recursive: true })) {
  if (!String(file).endsWith('.d.ts')) continue;
  const abs = path.join(typesDir, String(file));
  const text = fs.readFileSync(abs, 'utf8');
  const fixed = text.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (all, lead, q, spec) => {
    if (/\.(js|mjs|json)$/.test(spec)) return all;
    const target = path.resolve(path.dirname(abs), spec);
    if (fs.existsSync(`${target}.d.ts`)) return `${lead}${q}${spec}.js${q}`;
    if (fs.existsSync(path.join(target, 'index.d.ts'))) return `${lead}${q}${spec}/index.js${q}`;
    return all;
  });
  if (fixed !== text) fs.writeFileSync(abs, fixed);
}

const common = {
  entryPoints: [path.join(dir, 'src', 'index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

// The package entry for OHIF's bundler: what the package depends on stays an import, so the host resolves and
// dedupes it (a single file: no relative imports for strict ESM resolution to trip over).
const external = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
await build({ ...common, outfile: outEsm, external, minify: false });

const result = await build({ ...common, outfile: outRuntime, minify: true });
const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external));
const bad = imports.filter((i) => FORBIDDEN.test(i.path));
if (bad.length) {
  console.error(
    `${pkg}: runtime bundle imports ${bad.map((i) => i.path).join(', ')} — the prebuilt OHIF shares none of these`,
  );
  process.exit(1);
}
const bytes = fs.readFileSync(outRuntime);
const gz = zlib.gzipSync(bytes, { level: 9 }).length;
console.log(
  `${pkg}: dist/kheops-plugins/${pkg}.mjs ${(bytes.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped; lib/esm/index.js`,
);

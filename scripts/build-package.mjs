// Builds one plugin package in its two shapes:
//   dist/esm + dist/types   the OHIF CLI package shape (ES modules + declarations, for an OHIF source build)
//   dist/runtime/<pkg>.mjs  one self-contained ES module a prebuilt OHIF loads from window.config
// The runtime bundle must not import react, @ohif/* or @cornerstonejs/*: a prebuilt OHIF shares none of them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';

const pkg = process.argv[2];
const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, pkg);
const outRuntime = path.join(dir, 'dist', 'runtime', `${pkg}.mjs`);
const FORBIDDEN = /^(react|react-dom|@ohif\/|@cornerstonejs\/)/;

fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.build.json')],
  {
    stdio: 'inherit',
  },
);

const result = await build({
  entryPoints: [path.join(dir, 'src', 'index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  outfile: outRuntime,
  logLevel: 'warning',
});
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
  `${pkg}: dist/runtime/${pkg}.mjs ${(bytes.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped`,
);

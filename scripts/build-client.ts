// Builds the browser scripts of hydrated broker screens into dist/client/ (served at
// /assets/js/). Core member pages use none of them.
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'src/client');
const outDir = path.join(root, 'dist/client');
mkdirSync(outDir, { recursive: true });

const entryPoints = Object.fromEntries(
  readdirSync(srcDir)
    .filter((f) => f.endsWith('.entry.tsx'))
    .map((f) => [f.replace(/\.entry\.tsx$/, ''), path.join(srcDir, f)]),
);

const result = await build({
  entryPoints,
  outdir: outDir,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
});
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  console.log(`${path.relative(root, file)} ${(out.bytes / 1024).toFixed(1)} KiB`);
}

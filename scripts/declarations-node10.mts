// Writes dist/node10-types/: the package's declarations for TypeScript projects on `moduleResolution: node`
// (node10), such as the `pulumi new typescript` template of 2024 (module commonjs, no esModuleInterop, no
// skipLibCheck). package.json `typesVersions` sends those projects here; `nodenext` and `bundler` projects use
// `exports` and never see this folder.
//
// Why: zod's CommonJS declarations (`zod` → index.d.cts) reach `locales/index.d.cts`, whose
// `export { default as ar } from "./ar.cjs"` over `export = …` files is 63 × TS1259 without esModuleInterop. Its
// ES-module declarations (`zod/index.js` → index.d.ts) say the same with `export default` and type-check under any
// setting. node10 ignores `exports`, so it can reach them by path; nodenext cannot (zod's `exports` has no such
// subpath), hence a copy for node10 only. Run after `tsc -p tsconfig.build.json` (npm run build does both).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
const target = join(dist, "node10-types");
rmSync(target, { recursive: true, force: true });

let files = 0;
let rewritten = 0;
function copy(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== target) copy(path);
      continue;
    }
    if (!entry.name.endsWith(".d.ts")) continue;
    const text = readFileSync(path, "utf8");
    const node10 = text.replace(/(from |import\()"zod"/g, '$1"zod/index.js"');
    if (node10 !== text) rewritten++;
    const out = join(target, relative(dist, path));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, node10);
    files++;
  }
}
copy(dist);
console.log(`dist/node10-types: ${files} declaration files, ${rewritten} with zod's ES-module declarations`);

// Bundle each lab's front end, src/<lab>.js and the modules it imports, into one ES
// module, ../static/<lab>.js: the file the widget loads (helpers/labs/_widget.py).
//
//   node build.mjs          write the bundles (`make assets` runs this)
//   node build.mjs --check  build in memory and fail if a committed bundle differs
//                           (`make lint` runs this: the drift check)
//
// The bundles are committed: a reader who installs helpers from git (Colab, Binder) has
// no npm. esbuild is pinned in package-lock.json; the same version on the same sources
// writes the same bytes on every platform.

import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "static");
const LABS = ["fit_by_hand", "gradient_descent", "overfit_ridge", "penalty_geometry"];

const check = process.argv.includes("--check");
const result = await esbuild.build({
  absWorkingDir: HERE,
  entryPoints: LABS.map((name) => `src/${name}.js`),
  outdir: OUT,
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  banner: {
    js: "// Built by helpers/labs/js/build.mjs from helpers/labs/js/src: edit those, then `make assets`.",
  },
  write: !check,
  metafile: true,
  logLevel: "warning",
});

if (check) {
  const stale = [];
  for (const file of result.outputFiles) {
    const committed = await readFile(file.path, "utf8").catch(() => null);
    if (committed !== file.text) stale.push(relative(HERE, file.path));
  }
  if (stale.length) {
    console.error(
      `build.mjs: out of date with src/: ${stale.join(", ")}. Run \`make assets\` and commit them.`,
    );
    process.exit(1);
  }
  console.log(`build.mjs: the ${result.outputFiles.length} bundles match src/`);
} else {
  for (const [path, { bytes }] of Object.entries(result.metafile.outputs)) {
    console.log(`build.mjs: ${relative(HERE, join(HERE, path))} ${(bytes / 1024).toFixed(1)} kB`);
  }
}

// Writes the CRD manifests into packages/crds/generated/.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderCrds } from "./render.ts";

const out = path.resolve(import.meta.dirname, "../generated");
for (const [name, content] of Object.entries(renderCrds())) {
  writeFileSync(path.join(out, name), content);
  process.stdout.write(`wrote ${path.join(out, name)}\n`);
}

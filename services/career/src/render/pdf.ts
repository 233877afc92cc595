// CV to PDF on the server with the Typst compiler (N-API, no process spawned, fonts embedded).
// One compiler per process: creating one costs ~25 ms, a render then ~5–15 ms.
import { NodeCompiler } from "@myriaddreamin/typst-ts-node-compiler";
import type { Cv } from "../cv/model.ts";
import type { CvTemplateId } from "../cv/templates.ts";
import { printCv } from "./model.ts";
import { typstSources } from "./templates.typ.ts";

let compiler: NodeCompiler | undefined;

export function renderPdf(cv: Cv, template: CvTemplateId): Buffer {
  compiler ??= NodeCompiler.create();
  const result = compiler.compile({
    mainFileContent: typstSources[template],
    inputs: { data: JSON.stringify(printCv(cv)) },
  });
  const document = result.result;
  if (!document)
    throw new Error(
      `typst: the ${template} template did not compile: ${JSON.stringify(result.takeDiagnostics())}`,
    );
  // A fixed timestamp (the epoch) keeps the same CV's PDF byte-identical.
  return compiler.pdf(document, { creationTimestamp: 0 });
}

/**
 * `npm run eval:pdf-real [-- DIR]`: scores the PDF reader on real PDFs with reference texts, next
 * to pdftotext, with the scorer that ships with the development set (reading order, recall,
 * header and footer leaks, prose read as tables). DIR defaults to `../shared/pdfs`; the set is
 * not part of the repository, so without it this says where to put it and exits.
 * The scorer needs python3 and pdftotext (poppler-utils).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const dir = path.resolve(process.argv[2] ?? path.join("..", "shared", "pdfs"));
const script = path.join(dir, "scripts", "run.sh");
if (!existsSync(script)) {
  process.stderr.write(`No development set at ${dir} (expected scripts/run.sh there). Usage: npm run eval:pdf-real -- DIR\n`);
  process.exit(2);
}
const result = spawnSync("bash", [script], { stdio: "inherit", cwd: process.cwd() });
process.exit(result.status ?? 1);

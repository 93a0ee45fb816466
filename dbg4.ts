import { readFileSync } from "node:fs";
const [file, pg, lo, hi] = process.argv.slice(2);
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file!)), verbosity: 0 }).promise;
const page = await doc.getPage(Number(pg));
const c = await page.getTextContent();
for (const it of c.items.flatMap((i) => ("str" in i ? [i] : []))) { const y = it.transform[5]!; if (y >= Number(lo) && y <= Number(hi)) console.log(JSON.stringify(it.str), it.transform.map((n) => +n.toFixed(2)), +it.width.toFixed(2)); }

import { readFileSync } from "node:fs";
const [file, pg, needle] = process.argv.slice(2);
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file!)), verbosity: 0 }).promise;
const page = await doc.getPage(Number(pg));
const c = await page.getTextContent();
const items = c.items.flatMap((i) => ("str" in i ? [i] : []));
items.forEach((it, k) => { if (it.str.includes(needle!)) for (const j of [k - 2, k - 1, k, k + 1, k + 2]) { const x = items[j]; if (x) console.log(j, JSON.stringify(x.str), x.transform.map((n) => +n.toFixed(2)), +x.width.toFixed(2), x.hasEOL); } });

/**
 * Writes PDFs byte by byte, for files no PDF library would make: absurd page boxes, numbers too
 * long to be finite, structures nested thousands deep, pages of a hundred thousand text items.
 */
import { createDeflate, deflateSync } from "node:zlib";

/** A PDF of the given objects (numbered from 1, the first the catalog), with a correct cross-reference table. */
export function rawPdf(objects: readonly string[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n")];
  let offset = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const bytes = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, "latin1");
    parts.push(bytes);
    offset += bytes.length;
  });
  const entries = offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  parts.push(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`,
    ),
  );
  return new Uint8Array(Buffer.concat(parts));
}

export interface RawPage {
  /** The page's content stream (PDF operators); Helvetica is /F1. */
  content: string;
  /** The MediaBox numbers, as written; default "0 0 612 792". */
  box?: string;
  /** More entries of the page dictionary, as written. */
  extra?: string;
  /** Compress the content stream (a page of many items stays a small file). */
  compress?: boolean;
}

/** A PDF of the given pages, set in Helvetica. */
export function pagesPdf(pages: readonly RawPage[]): Uint8Array {
  const font = 3 + pages.length * 2;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${3 + i * 2} 0 R`).join(" ")}] /Count ${pages.length} >>`,
  ];
  for (const [i, page] of pages.entries()) {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [${page.box ?? "0 0 612 792"}] /Contents ${4 + i * 2} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> ${page.extra ?? ""} >>`,
    );
    const data = page.compress ? deflateSync(Buffer.from(page.content, "latin1")).toString("latin1") : page.content;
    objects.push(
      `<< /Length ${Buffer.byteLength(data, "latin1")}${page.compress ? " /Filter /FlateDecode" : ""} >>\nstream\n${data}\nendstream`,
    );
  }
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  return rawPdf(objects);
}

/** A content stream of `count` text items, each a word on a line of its own. */
export function manyItems(count: number, word = "a"): string {
  const lines = ["BT /F1 10 Tf 72 700 Td"];
  for (let i = 0; i < count; i++) lines.push(`0 -0.001 Td (${word}) Tj`);
  lines.push("ET");
  return lines.join("\n");
}

/**
 * A one-page PDF whose content stream inflates to `megabytes` MB (a line of text, then spaces):
 * a "deflate bomb" of about a thousandth of that size, compressed piece by piece so that making
 * it never holds the inflated bytes.
 */
export async function inflatingPdf(megabytes: number): Promise<Uint8Array> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => parts.push(chunk));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  deflate.write("BT /F1 12 Tf 72 700 Td (Bomb.) Tj ET\n");
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < megabytes; i++) if (!deflate.write(spaces)) await new Promise((resolve) => deflate.once("drain", resolve));
  deflate.end();
  await done;
  const stream = Buffer.concat(parts).toString("latin1");
  return rawPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(stream, "latin1")} /Filter /FlateDecode >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
}

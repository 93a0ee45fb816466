/**
 * Reading the corpus folder: an unreadable subfolder, symbolic links (to files, to folders, to
 * nothing, in loops), README.md files, names that are not UTF-8, named pipes, and files named
 * `.md` or `.txt` whose bytes are not text. The walk never stops at one bad entry, and nothing
 * binary is indexed as text.
 */
import { execFileSync } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CitebotError } from "../src/errors.js";
import { decodeText, listCorpusFiles, parseCorpusFile, readCorpusFile } from "../src/ingest/index.js";
import { buildIndex } from "../src/store/index.js";
import { indexOptions, tempDir, writeCorpus } from "./helpers/fixtures.js";
import { makePdf } from "./helpers/pdf.js";

const LIST = { maxFileBytes: 1024 * 1024 };

/** The listing as [id, text] pairs and [id, reason] pairs, for exact comparison. */
async function listed(dir: string) {
  const { files, problems } = await listCorpusFiles(dir, LIST);
  const read = await Promise.all(files.map((f) => readCorpusFile(f, LIST)));
  return { files: read.map((f) => [f.id, f.bytes.toString("utf8")]), problems: problems.map((p) => [p.id, p.reason]) };
}

describe("listCorpusFiles: sources.json that is not a file", () => {
  it.each([
    ["a named pipe", (file: string) => execFileSync("mkfifo", [file])],
    ["a link to /dev/zero", (file: string) => symlink("/dev/zero", file)],
  ])(
    "GIVEN sources.json as %s THEN its metadata is ignored with a problem, never read, and the documents are listed",
    async (_how, make) => {
      const dir = await tempDir();
      try {
        await writeFile(path.join(dir.path, "a.md"), "A note.");
        await make(path.join(dir.path, "sources.json"));
        expect(await listed(dir.path)).toEqual({
          files: [["a.md", "A note."]],
          problems: [["sources.json", "Could not read file: sources.json is not a regular file (metadata ignored)"]],
        });
      } finally {
        await dir.cleanup();
      }
    },
  );
});

describe("listCorpusFiles: folders", () => {
  it("GIVEN a subfolder that cannot be read THEN it is a problem naming the folder, and everything else is listed", async () => {
    const dir = await tempDir();
    try {
      // Nested past PATH_MAX (4,096 bytes), the deep folders cannot be opened by their path, even by root.
      const name = "d".repeat(200);
      execFileSync("mkdir", ["-p", Array.from({ length: 25 }, () => name).join("/")], { cwd: dir.path });
      await writeFile(path.join(dir.path, name, "shallow.md"), "Near the top.");
      await writeFile(path.join(dir.path, "top.md"), "At the top.");
      const depth = Array.from({ length: 25 }, (_, k) => k + 1).find(
        (k) => Buffer.byteLength(dir.path) + k * (name.length + 1) >= 4096,
      ) as number;
      const unreadable = Array.from({ length: depth }, () => name).join("/");
      expect(await listed(dir.path)).toEqual({
        files: [
          [`${name}/shallow.md`, "Near the top."],
          ["top.md", "At the top."],
        ],
        problems: [
          [
            `${unreadable}/`,
            expect.stringMatching(
              new RegExp(`^Could not read file: folder ${unreadable}/ could not be read, so nothing in it is indexed: ENAMETOOLONG`),
            ),
          ],
        ],
      });
    } finally {
      execFileSync("rm", ["-rf", dir.path]);
    }
  });

  it("GIVEN README.md at the root and in a subfolder THEN only the root one is left out", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(dir.path, { "README.md": "About this folder.", "guide/README.md": "A document.", "a.md": "Text." });
      expect((await listed(dir.path)).files).toEqual([
        ["a.md", "Text."],
        ["guide/README.md", "A document."],
      ]);
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN folders nested 300 deep THEN the file at the bottom is listed", async () => {
    const dir = await tempDir();
    try {
      const deep = Array.from({ length: 300 }, () => "d").join("/");
      await writeCorpus(dir.path, { [`${deep}/bottom.txt`]: "At the bottom." });
      expect((await listed(dir.path)).files).toEqual([[`${deep}/bottom.txt`, "At the bottom."]]);
    } finally {
      await dir.cleanup();
    }
  });
});

describe("listCorpusFiles: symbolic links", () => {
  it("GIVEN links to files and folders, inside and outside, broken and looping THEN each is followed once or reported", async () => {
    const root = await tempDir();
    try {
      const corpus = path.join(root.path, "corpus");
      await writeCorpus(corpus, { "a.md": "Inside.", "sub/b.txt": "In a subfolder." });
      await writeCorpus(path.join(root.path, "elsewhere"), { "outside.md": "Outside.", "shared/s.txt": "Shared." });
      await symlink(path.join(root.path, "elsewhere", "outside.md"), path.join(corpus, "linked.md"));
      await symlink(path.join(root.path, "elsewhere", "shared"), path.join(corpus, "shared"));
      await symlink("a.md", path.join(corpus, "again.md"));
      await symlink("missing.md", path.join(corpus, "broken.md"));
      await symlink("self.md", path.join(corpus, "self.md"));
      await symlink("..", path.join(corpus, "sub", "up"));
      expect(await listed(corpus)).toEqual({
        files: [
          ["a.md", "Inside."],
          ["linked.md", "Outside."],
          ["shared/s.txt", "Shared."],
          ["sub/b.txt", "In a subfolder."],
        ],
        problems: [
          ["again.md", "File skipped: the same file as a.md (a symbolic or hard link), which is indexed"],
          ["broken.md", "File skipped: a symbolic link to nothing (its target does not exist)"],
          ["self.md", "File skipped: a symbolic link that leads back to itself"],
          ["sub/up/", "File skipped: a symbolic link to a folder that is already read (a loop, or a second link to it)"],
        ],
      });
    } finally {
      await root.cleanup();
    }
  });

  it("GIVEN a named pipe called notes.txt THEN it is reported and never opened (opening it would block)", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(dir.path, { "a.md": "Text." });
      execFileSync("mkfifo", [path.join(dir.path, "notes.txt")]);
      expect((await listed(dir.path)).problems).toEqual([
        ["notes.txt", "File skipped: not a regular file (a device, socket or named pipe)"],
      ]);
    } finally {
      await dir.cleanup();
    }
  });
});

describe("listCorpusFiles: file names that are not UTF-8", () => {
  it("GIVEN a Latin-1 file name THEN the file is read, its id showing the bad byte as \\xE9", async () => {
    const dir = await tempDir();
    try {
      await writeFile(Buffer.concat([Buffer.from(`${dir.path}/caf`), Buffer.from([0xe9]), Buffer.from(".md")]), "Latin-1 name.");
      await writeFile(path.join(dir.path, "café.md"), "UTF-8 name.");
      expect(await listed(dir.path)).toEqual({
        files: [
          ["caf\\xE9.md", "Latin-1 name."],
          ["café.md", "UTF-8 name."],
        ],
        problems: [],
      });
    } finally {
      await dir.cleanup();
    }
  });
});

describe("decodeText", () => {
  const notText = (bytes: Uint8Array) => {
    try {
      decodeText(bytes);
      return null;
    } catch (error) {
      return error instanceof CitebotError ? [error.code, error.message] : error;
    }
  };

  it("GIVEN files that are not text THEN FILE_NOT_TEXT says what each looks like", async () => {
    expect(notText(await makePdf({ pages: [["Hidden."]] }))).toEqual([
      "FILE_NOT_TEXT",
      "File is not text: it is a PDF (it holds the %PDF- signature); give it the .pdf extension",
    ]);
    expect(notText(Buffer.from("\x89PNG\r\n\x1a\n....", "latin1"))).toEqual(["FILE_NOT_TEXT", "File is not text: it is a PNG image"]);
    expect(notText(Buffer.from("PK\x03\x04rest", "latin1"))).toEqual([
      "FILE_NOT_TEXT",
      "File is not text: it is a ZIP archive (or a .docx, .xlsx, .epub)",
    ]);
    expect(notText(Buffer.from("text\x00more", "latin1"))).toEqual([
      "FILE_NOT_TEXT",
      "File is not text: it holds binary data (a NUL byte at offset 4)",
    ]);
    expect(notText(Buffer.from(`${"caf\xe9 ".repeat(10)}`, "latin1"))).toEqual([
      "FILE_NOT_TEXT",
      "File is not text: 20% of its characters are not valid UTF-8; save it as UTF-8 text",
    ]);
    expect(notText(Buffer.from(`${"a".repeat(80)}${"\x1b".repeat(20)}`, "latin1"))).toEqual([
      "FILE_NOT_TEXT",
      "File is not text: 20% of its characters are control characters",
    ]);
    expect(notText(Buffer.from(`${"a".repeat(95)}${"\x1b".repeat(5)}`, "latin1"))).toBeNull();
  });

  it("GIVEN a note that quotes the PDF signature after its first line THEN it is text", () => {
    expect(decodeText(Buffer.from("# PDF headers\n\nEvery PDF starts with %PDF-1.7 or similar."))).toBe(
      "# PDF headers\n\nEvery PDF starts with %PDF-1.7 or similar.",
    );
  });

  it("GIVEN text THEN it is decoded: UTF-8 (BOM dropped), UTF-16 with a BOM, a stray bad byte in a long text kept as U+FFFD", () => {
    expect(decodeText(Buffer.from("\ufeffÜber Text.\r\n\tTabs and form feeds\f stay."))).toBe(
      "Über Text.\r\n\tTabs and form feeds\f stay.",
    );
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Wide text.", "utf16le")]))).toBe("Wide text.");
    expect(decodeText(Buffer.concat([Buffer.from("x".repeat(200)), Buffer.from([0xff])]))).toBe(`${"x".repeat(200)}\ufffd`);
  });

  it("GIVEN any bytes THEN decodeText returns text with at most 1% invalid characters, 10% control characters and no NUL, or throws FILE_NOT_TEXT", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), (bytes) => {
        let text: string;
        try {
          text = decodeText(bytes);
        } catch (error) {
          return error instanceof CitebotError && error.code === "FILE_NOT_TEXT";
        }
        const invalid = [...text].filter((c) => c === "\ufffd").length;
        const controls = [...text].filter((c) => /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/.test(c)).length;
        return !text.includes("\u0000") && invalid <= Math.max(1, text.length * 0.01) && controls <= text.length * 0.1;
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parseCorpusFile and buildIndex with files that are not text", () => {
  it("GIVEN a PDF renamed .md and random bytes named .txt THEN both are FILE_NOT_TEXT problems and no chunk holds their bytes", async () => {
    const dir = await tempDir();
    try {
      const pdf = await makePdf({ pages: [["Hidden text of the PDF."]] });
      await writeCorpus(path.join(dir.path, "corpus"), {
        "renamed.md": pdf,
        "noise.txt": new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
        "good.md": "Fox Hunt began in 2014.",
      });
      const { index, report } = await buildIndex(indexOptions(dir.path, null));
      expect([...index.documents.keys()]).toEqual(["good.md"]);
      expect(index.chunks.map((c) => c.docId)).toEqual(["good.md"]);
      expect(report.problems.map((p) => [p.id, p.reason])).toEqual([
        ["noise.txt", "File is not text: it holds binary data (a NUL byte at offset 0)"],
        ["renamed.md", "File is not text: it is a PDF (it holds the %PDF- signature); give it the .pdf extension"],
      ]);
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN random bytes as a .txt or .md file THEN parsing never throws anything but FILE_NOT_TEXT or a front-matter error, and indexes no NUL", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.constantFrom("x.txt", "x.md"), async (bytes, id) => {
        try {
          const doc = await parseCorpusFile({ id, bytes: Buffer.from(bytes), meta: {} }, { parseTimeoutMs: 1000 });
          return !doc.text.includes("\u0000");
        } catch (error) {
          return error instanceof CitebotError && (error.code === "FILE_NOT_TEXT" || error.code === "FILE_UNREADABLE");
        }
      }),
      { numRuns: 500 },
    );
  });

  it("GIVEN front matter nested 8,000 deep, compact sequences 5,000 deep, 300,000 keys or an alias bomb THEN each is a coded problem saying why, before the parser can overflow its stack", async () => {
    const deep = `---\ntitle: ${"[".repeat(8000)}${"]".repeat(8000)}\n---\n\nBody.`;
    const dashes = `---\ntitle: x\nlist:\n${"- ".repeat(5000)}x\n---\n\nBody.`;
    const keys = `---\n${Array.from({ length: 300_000 }, (_, i) => `k${i}: v`).join("\n")}\n---\n\nBody.`;
    const levels = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ..."bcdefghi".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`),
    ];
    const bomb = `---\n${levels.join("\n")}\ntitle: *i\n---\n\nBody.`;
    const reason = (text: string) =>
      parseCorpusFile({ id: "x.md", bytes: Buffer.from(text), meta: {} }, { parseTimeoutMs: 1000 }).then(
        () => null,
        (error: CitebotError) => [error.code, error.message],
      );
    const tooDeep = [
      "FILE_UNREADABLE",
      "Could not read file: x.md: front matter nests deeper than 64 levels (it should hold a title, a date, an address)",
    ];
    expect(await reason(deep)).toEqual(tooDeep);
    expect(await reason(dashes)).toEqual(tooDeep);
    expect(await reason(keys)).toEqual([
      "FILE_UNREADABLE",
      expect.stringMatching(/^Could not read file: x\.md: front matter of \d+ characters is over the 16384 allowed/),
    ]);
    expect(await reason(bomb)).toEqual([
      "FILE_UNREADABLE",
      expect.stringMatching(/^Could not read file: x\.md: front matter is not valid YAML \(Excessive alias count/),
    ]);
  });

  it("GIVEN ordinary front matter with a nested list THEN its title is read", async () => {
    const doc = await parseCorpusFile(
      { id: "x.md", bytes: Buffer.from("---\ntitle: Report\ntags:\n  - a\n  - [b, {c: d}]\n---\n\nBody."), meta: {} },
      { parseTimeoutMs: 1000 },
    );
    expect(doc.title).toBe("Report");
  });

  it("GIVEN an empty subfolder and files of other types THEN they are ignored without a problem", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(dir.path, { "a.md": "Text.", "image.png": "not read", "notes.docx": "not read" });
      await mkdir(path.join(dir.path, "empty"));
      expect(await listed(dir.path)).toEqual({ files: [["a.md", "Text."]], problems: [] });
    } finally {
      await dir.cleanup();
    }
  });
});

/** Which files the parse journal records: plain text is read without journal writes, Markdown and PDF with them. */
import { access } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildIndex } from "../src/store/index.js";
import { needsJournal, PARSE_JOURNAL_FILE, readJournal, writeJournal } from "../src/store/parse-journal.js";
import { indexOptions, tempDir, writeCorpus } from "./helpers/fixtures.js";

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe("needsJournal", () => {
  it("GIVEN file names of each kind THEN only plain text goes without an entry", () => {
    expect(["a.txt", "b/C.TXT", "a.md", "a.markdown", "a.pdf", "a.PDF", "a.docx", "txt"].map(needsJournal)).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe("the parse journal of a build", () => {
  it("GIVEN a corpus of .txt files only THEN the build writes no journal", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(path.join(dir.path, "corpus"), { "a.txt": "Fox Hunt began in 2014.", "b.txt": "It ended in 2016." });
      const options = indexOptions(dir.path, null);
      const { index } = await buildIndex(options);
      expect([...index.documents.keys()]).toEqual(["a.txt", "b.txt"]);
      expect(await exists(path.join(options.indexDir, PARSE_JOURNAL_FILE))).toBe(false);
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN a .md file THEN its reading is journalled and the journal is left empty", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(path.join(dir.path, "corpus"), { "a.txt": "Fox Hunt began in 2014.", "b.md": "It ended in 2016." });
      const options = indexOptions(dir.path, null);
      await buildIndex(options);
      expect(await exists(path.join(options.indexDir, PARSE_JOURNAL_FILE))).toBe(true);
      expect(await readJournal(options.indexDir)).toEqual([]);
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN a journal entry for a .txt file (from an older build) THEN the file is read and indexed", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(path.join(dir.path, "corpus"), { "a.txt": "Fox Hunt began in 2014." });
      const options = indexOptions(dir.path, null);
      await writeJournal(options.indexDir, [{ id: "a.txt", hash: "any", attempts: 2 }]);
      const { index, report } = await buildIndex(options);
      expect([...index.documents.keys()]).toEqual(["a.txt"]);
      expect(report.problems).toEqual([]);
    } finally {
      await dir.cleanup();
    }
  });
});

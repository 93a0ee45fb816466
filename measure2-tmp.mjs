import { fromMarkdown } from "mdast-util-from-markdown";
import { gfm } from "micromark-extension-gfm";
import { gfmFromMarkdown } from "mdast-util-gfm";
const K = 256*1024;
const fill = (head, unit) => head + unit.repeat(Math.floor((K - head.length)/unit.length));
const d = Number(process.argv[3] ?? 32);
const cases = {
  lazyQuote: () => fill("> ".repeat(d) + "x\n", "y\n"),
  lazyList: () => fill("- ".repeat(d) + "x\n", "y\n"),
  blankList: () => fill(Array.from({length:d},(_, i)=>" ".repeat(2*i)+"- x").join("\n")+"\n", "\n"),
  blankListText: () => fill(Array.from({length:d},(_, i)=>" ".repeat(2*i)+"- x").join("\n")+"\n", "\n" + " ".repeat(2*d) + "y\n"),
  quoteLines: () => fill("", "> ".repeat(d) + "x\n"),
  listLines: () => fill("", "- ".repeat(d) + "x\n"),
  emphBlocks: () => fill("", "*a_".repeat(Math.floor(d/2)) + "\n\n"),
  bracketBlocks: () => fill("", "[".repeat(d/2) + "]".repeat(d/2) + "\n\n"),
  linkBlocks: () => fill("", "[a](".repeat(d/2) + "\n\n"),
  ticks: () => { let s=""; for (let i=1; s.length < K; i++) s += "`".repeat(i) + "a"; return s; },
  tableRows: () => fill("|a|b|\n|-|-|\n", "|c|d|\n"),
  tableCols: () => { const c = Math.floor(K/6); return "|" + "a|".repeat(c) + "\n|" + "-|".repeat(c) + "\n|" + "b|".repeat(c) + "\n"; },
  words: () => fill("", "word "),
  lines: () => fill("", "y\n"),
  lines2: () => fill("", "yyyyyyyyyyyyyyy\n"),
  brackets: () => fill("", "["),
  pipes: () => fill("", "|"),
  stars: () => fill("", "*"),
  lt: () => fill("", "<"),
  autolink: () => fill("", "www.a.b "),
  autolink2: () => fill("", "http://a"),
  entities: () => fill("", "&#1"),
};
const src = cases[process.argv[2]]();
const t = performance.now();
try {
  const tree = fromMarkdown(src, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  console.log(process.argv[2], d, src.length, "ok", Math.round(performance.now() - t), "ms", "rss", Math.round(process.memoryUsage().rss/1e6), "MB");
} catch (e) {
  console.log(process.argv[2], d, src.length, "ERR", String(e).slice(0,100), Math.round(performance.now() - t), "ms");
}

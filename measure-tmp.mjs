import { fromMarkdown } from "mdast-util-from-markdown";
import { gfm } from "micromark-extension-gfm";
import { gfmFromMarkdown } from "mdast-util-gfm";
const cases = {
  quote: (n) => ">".repeat(n) + " x\n",
  quoteSp: (n) => "> ".repeat(n) + "x\n",
  list: (n) => Array.from({length:n},(_, i)=>" ".repeat(2*i)+"- x").join("\n"),
  listInline: (n) => "- ".repeat(n) + "x\n",
  stars: (n) => "*".repeat(n),
  starsWords: (n) => "*a ".repeat(n/3),
  brackets: (n) => "[".repeat(n),
  bracketsClose: (n) => "[".repeat(n/2) + "]".repeat(n/2),
  linkish: (n) => "[a](".repeat(n/4),
  pipes: (n) => "|".repeat(n),
  underscores: (n) => "_".repeat(n),
  backticks: (n) => "`".repeat(n),
  btmix: (n) => "`a``".repeat(n/4),
  emph: (n) => "*a_".repeat(n/3),
  lt: (n) => "<".repeat(n),
  table50k: (n) => "|" + "a|".repeat(50000) + "\n|" + "-|".repeat(50000) + "\n|" + "b|".repeat(50000) + "\n",
  tableRows: (n) => "|a|b|\n|-|-|\n" + "|c|d|\n".repeat(n/6),
  words: (n) => "word ".repeat(n/5),
};
const which = process.argv[2]; const n = Number(process.argv[3]);
const src = cases[which](n);
const t = performance.now();
try {
  const tree = fromMarkdown(src, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  console.log(which, n, src.length, "ok", Math.round(performance.now() - t), "ms", "rss", Math.round(process.memoryUsage().rss/1e6), "MB", tree.children.length);
} catch (e) {
  console.log(which, n, src.length, "ERR", String(e).slice(0,100), Math.round(performance.now() - t), "ms");
}

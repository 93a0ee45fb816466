import { fromMarkdown } from "mdast-util-from-markdown";
import { gfm } from "micromark-extension-gfm";
import { gfmFromMarkdown } from "mdast-util-gfm";
const parse = (s) => fromMarkdown(s, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
parse("# warm\n\n- a\n- b\n\n> q\n\n|a|b|\n|-|-|\n|c|d|\n\n*x* [l](u) `c`");
const cases = {
  lazyQuote: (n) => "> x\n" + "y\n".repeat(n),
  lazyQuote8: (n) => "> ".repeat(8) + "x\n" + "y\n".repeat(n),
  listLines: (n) => "- x\n".repeat(n),
  listLines8: (n) => ("- ".repeat(8) + "x\n").repeat(n),
  lines: (n) => "y\n".repeat(n),
  quoteLines: (n) => "> x\n".repeat(n),
  blankList8: (n) => Array.from({length:8},(_, i)=>" ".repeat(2*i)+"- x").join("\n")+"\n" + "\n".repeat(n),
  tableRows: (n) => "|a|b|\n|-|-|\n" + "|c|d|\n".repeat(n),
  words: (n) => "word ".repeat(n),
  listCont: (n) => "- x\n" + "  y\n".repeat(n),
  lazyList: (n) => "- x\n" + "y\n".repeat(n),
  quoteCont: (n) => "> x\n" + "> y\n".repeat(n),
};
for (const n of process.argv.slice(3).map(Number)) {
  const src = cases[process.argv[2]](n);
  const t = performance.now();
  parse(src);
  console.log(process.argv[2], n, src.length, Math.round(performance.now() - t), "ms", Math.round(process.memoryUsage().rss/1e6), "MB");
}

import { runsToLines } from "./src/ingest/pdf-lines.js";
const runs = [
  { text: "sensor inputs is above a calculated", x: 45, y: 340.41, width: 143, size: 9 },
  { text: "alert the flightcrew to a disagreement", x: 222, y: 341.1, width: 150, size: 9 },
  { text: "11 ", x: 86.99, y: 332.73, width: 10.25, size: 7 },
  { text: "alert the flightcrew to a disagreement", x: 222, y: 331.1, width: 150, size: 9 },
  { text: "the use of", x: 399, y: 331.1, width: 150, size: 9 },
  { text: "threshold,", x: 45, y: 330.42, width: 42, size: 9 },
  { text: "the FCC would", x: 97, y: 330.42, width: 100, size: 9 },
];
for (const l of runsToLines(runs)) console.log(l.y, l.text);

// The entry of the PDF parsing worker thread (see pdf-isolated.ts). A worker starts without the
// TypeScript loader that `tsx` or vitest gave the main thread, so it registers tsx's loader
// itself before importing the TypeScript that does the work. Plain JavaScript for that reason.
import { register } from "tsx/esm/api";

register();
await import(new URL("./pdf-worker-main.ts", import.meta.url).href);

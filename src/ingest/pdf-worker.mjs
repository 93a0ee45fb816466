// The entry of the child process that reads PDFs (see pdf-isolated.ts). The child starts without
// the TypeScript loader that `tsx` or vitest gave its parent, so it registers tsx's loader itself
// before importing the TypeScript that does the work. Plain JavaScript for that reason.
import { register } from "tsx/esm/api";

register();
await import(new URL("./pdf-worker-main.ts", import.meta.url).href);

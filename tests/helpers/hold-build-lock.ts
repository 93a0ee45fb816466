/**
 * Run in a child process by tests/index-ownership.test.ts: takes the build lock of the index
 * folder in argv[2], says "locked", and holds it until killed, as a build that crashes would.
 */
import { acquireBuildLock } from "../../src/store/lock.js";
import { memoryLogger } from "./fixtures.js";

await acquireBuildLock(process.argv[2] as string, { waitMs: 0, logger: memoryLogger() });
process.stdout.write("locked\n");
// Keeps the process alive (the lock's socket is unref'd, as it must not hold a finished command open).
setInterval(() => undefined, 60_000);

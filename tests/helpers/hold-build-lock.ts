/**
 * Run in a child process by tests/index-ownership.test.ts: takes the build lock of the index
 * folder in argv[2] (as on the platform in argv[3], default this one), says "locked", and holds
 * it until killed, as a build that crashes would.
 */
import { acquireBuildLock } from "../../src/store/lock.js";
import { memoryLogger } from "./fixtures.js";

const platform = (process.argv[3] ?? process.platform) as NodeJS.Platform;
await acquireBuildLock(process.argv[2] as string, { waitMs: 0, logger: memoryLogger(), platform });
process.stdout.write("locked\n");
// Keeps the process alive (the lock's socket is unref'd, as it must not hold a finished command open).
setInterval(() => undefined, 60_000);

/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the terminal chat over the
 * configured corpus (the built-in one by default). Both stop cleanly on SIGTERM, SIGINT or
 * SIGHUP, and when the process that started them dies (see `cli/shutdown.ts`).
 */
import { runChat } from "./cli/chat.js";
import { terminalStyle } from "./cli/format.js";
import { checkCorpusAndIndex } from "./cli/paths.js";
import { runCommand } from "./run-command.js";
import { watchShutdown } from "./cli/shutdown.js";
import { openEngine } from "./engine.js";
import { openGapList } from "./gaps/index.js";

await runCommand(async (config, logger) => {
  const shutdown = watchShutdown();
  try {
    await checkCorpusAndIndex(config);
    if (config.discord) {
      const { startBot } = await import("./bot/start.js");
      await startBot(config, config.discord, logger, shutdown.signal);
      return;
    }
    const engine = await openEngine(config, logger);
    if (shutdown.signal.aborted) return;
    const gaps = await openGapList(config, logger);
    await runChat(engine, {
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      questionMaxChars: config.questionMaxChars,
      signal: shutdown.signal,
      followUp: config.followUp,
      style: terminalStyle(process.stdout, config.noColor),
      gaps,
    }).finally(() => gaps?.close());
  } finally {
    shutdown.dispose();
  }
});

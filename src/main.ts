/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the terminal chat over the
 * configured corpus (the built-in one by default).
 */
import { runChat } from "./cli/chat.js";
import { runCommand } from "./cli/run.js";
import { openEngine } from "./engine.js";

await runCommand(async (config, logger) => {
  if (config.discord) {
    const { startBot } = await import("./bot/index.js");
    await startBot(config, config.discord, logger);
    return;
  }
  const engine = await openEngine(config, logger);
  await runChat(engine, { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY), questionMaxChars: config.questionMaxChars });
});

export { runBot, INTENTS, type RunningBot } from "./bot.js";
export { COMMANDS } from "./commands/index.js";
export { renderAnswer, renderMorePassages, NO_MENTIONS, BUTTON_IDS } from "./render.js";
export { DISCORD_LIMITS, shorten } from "./limits.js";
export { checkQuestion, Cooldown, ConcurrencyGate } from "./guard.js";
export { startBot } from "./start.js";

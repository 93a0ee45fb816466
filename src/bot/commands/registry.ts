import about from "./about.js";
import ask from "./ask.js";
import check from "./check.js";
import type { Command } from "./command.js";
import gaps from "./gaps.js";
import pins from "./pins.js";
import sources from "./sources.js";

/** Every slash command, by name: a new command is imported above and added here. */
export const COMMANDS: ReadonlyMap<string, Command> = new Map([ask, check, sources, about, gaps, pins].map((c) => [c.data.name, c]));

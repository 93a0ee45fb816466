export { COMMANDS } from "./registry.js";
export type { Command } from "./command.js";

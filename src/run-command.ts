/**
 * Entry-point wrapper: reads the configuration once, runs the command, and turns errors into
 * one readable line on stderr (whatever LOG_LEVEL says) and an exit status.
 */
import { readConfig, type Config } from "./config.js";
import { BAD_INPUT_CODES, CitebotError, describeError } from "./errors.js";
import { createLogger, writeFatal, type Logger } from "./log.js";

/** The exit status for an error that ends a command: 2 for bad input (see BAD_INPUT_CODES), 1 for anything else. */
export function exitStatus(error: unknown): 1 | 2 {
  return error instanceof CitebotError && BAD_INPUT_CODES.has(error.code) ? 2 : 1;
}

export async function runCommand(main: (config: Config, logger: Logger) => Promise<void>): Promise<void> {
  try {
    const config = readConfig();
    await main(config, createLogger(config.logLevel));
  } catch (error) {
    writeFatal(describeError(error));
    process.exitCode = exitStatus(error);
  }
}

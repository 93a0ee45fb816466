/**
 * Entry-point wrapper: reads the configuration once, runs the command, and turns errors into
 * one readable line on stderr (whatever LOG_LEVEL says) and an exit status.
 */
import { readConfig, type Config } from "./config.js";
import { CitebotError, describeError, type ErrorCode } from "./errors.js";
import { createLogger, writeFatal, type Logger } from "./log.js";

/** Errors in what the user asked for (a setting, the command line, a path): exit status 2. */
const USAGE_ERRORS: ReadonlySet<ErrorCode> = new Set(["CONFIG_INVALID", "USAGE_INVALID", "PATH_INVALID"]);

/** The exit status for an error that ends a command: 2 for a usage error, 1 for anything else. */
export function exitStatus(error: unknown): 1 | 2 {
  return error instanceof CitebotError && USAGE_ERRORS.has(error.code) ? 2 : 1;
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

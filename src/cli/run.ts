/**
 * Entry-point wrapper: reads the configuration once, runs the command, and turns errors into
 * one readable line and an exit status (2 for a bad setting, 1 otherwise).
 */
import { readConfig, type Config } from "../config.js";
import { CitebotError, describeError } from "../errors.js";
import { createLogger, type Logger } from "../log.js";

export async function runCommand(main: (config: Config, logger: Logger) => Promise<void>): Promise<void> {
  let logger = createLogger("info");
  try {
    const config = readConfig();
    logger = createLogger(config.logLevel);
    await main(config, logger);
  } catch (error) {
    logger.error(describeError(error));
    process.exitCode = error instanceof CitebotError && error.code === "CONFIG_INVALID" ? 2 : 1;
  }
}

// The slice of the kernel's pino logger the runtime uses, so tests can pass a silent one.

type LogMethod = (fields: object, message: string) => void;

export interface RuntimeLogger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}

const ignore: LogMethod = () => undefined;

export const silentLogger: RuntimeLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** Fields describing an error for a log line. */
export function errorFields(error: unknown): { err: { message: string; code?: number } } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown; statusCode?: unknown } | undefined)?.code;
  return { err: typeof code === "number" ? { message, code } : { message } };
}

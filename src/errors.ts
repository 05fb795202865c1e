/**
 * The root of every error Tessera throws on purpose.
 *
 * Callers branch on `instanceof` or on {@link TesseraError.code}, never on the message text:
 * codes are stable across releases (each module's error class narrows `Code` to the ones it
 * can carry), messages are for humans and never contain secrets, tokens or cookie values
 * (OWASP ASVS 5.0 16.5.1).
 */
export class TesseraError<Code extends string = string> extends Error {
  /** A stable, machine-readable identifier such as `ERR_COOKIE_NAME`. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * An option or secret was rejected at construction time, so a misconfigured
 * application fails at start-up rather than on its first request.
 */
export class ConfigError extends TesseraError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_CONFIG', message, options);
  }
}

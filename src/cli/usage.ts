/** The help text, printed by `tessera help` and after every usage error. */
export const USAGE = `Usage: tessera <command> [options]

Commands:
  secret                                  print a new random 256-bit secret (base64url)
  sign   [--salt S] JSON                  sign JSON as an itsdangerous URLSafeTimedSerializer token
  verify [--salt S] [--max-age N] TOKEN   verify a token; print its JSON payload, or the error class
  seal   [--ttl N] [--context C] JSON     seal JSON into a Tessera sealed token (encrypted)
  unseal [--context C] TOKEN              open a sealed token and print its JSON value
  demo                                    run the demo app on 127.0.0.1:$PORT (default 3000)

Secrets come from TESSERA_SECRET, or --secret-file PATH (one per line, newest first); never argv.
Exit codes: 0 success, 1 rejected token or failed operation, 2 usage error.
`;

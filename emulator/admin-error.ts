/**
 * A refused call of the emulator's admin surface (`/_emulator/…`, ./admin.ts) and of its simulated H5 verification
 * page (./visual-validate.ts): the HTTP status to answer and a stable code. ./admin.ts `serveAdmin` writes every one
 * as `{"error": {"code", "message"}}` with that status; programmatic admin calls throw it as is.
 */
export class AdminError extends Error {
  /** The HTTP status the admin surface answers, e.g. 404. */
  readonly status: number;
  /** A stable code, e.g. `UnknownGateway`. */
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "AdminError";
    this.status = status;
    this.code = code;
  }
}

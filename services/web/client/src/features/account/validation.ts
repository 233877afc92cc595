// The checks a form makes before asking the API, by the API's own rules (schemas.ts: an e-mail,
// a password of 10 to 256 characters; a TOTP code of 6 digits or a recovery code).
import type { Problem } from "../../app/problems.ts";

const invalid = (field: string): Problem => ({ code: "validation_error", field });

// The shape the API's "email" format accepts, without the corner cases nobody types.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkCredentials(
  input: { email: string; password: string },
  signup: boolean,
): Problem | undefined {
  if (!EMAIL.test(input.email.trim()) || input.email.length > 254) return invalid("email");
  if (signup && (input.password.length < 10 || input.password.length > 256)) return invalid("password");
  if (!signup && input.password.length === 0) return { code: "required", field: "password" };
  return undefined;
}

export function checkCode(code: string): Problem | undefined {
  const compact = code.trim();
  return compact.length >= 6 && compact.length <= 11 ? undefined : invalid("code");
}

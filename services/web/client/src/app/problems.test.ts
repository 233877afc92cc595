import { describe, expect, it } from "vitest";
import { fieldOf, problemOf } from "./problems.ts";

describe("API errors as the page tells them", () => {
  it("names the field a validation message is about", () => {
    expect(fieldOf('body/email must match format "email"')).toBe("email");
    expect(fieldOf("querystring/phone must be a valid phone number")).toBe("phone");
    expect(fieldOf("e-mail or password is wrong")).toBeUndefined();
  });

  it("keeps a known code and its field", () => {
    expect(problemOf(409, { error: "email_taken", message: "body/email is already registered" })).toEqual({
      code: "email_taken",
      field: "email",
      status: 409,
    });
  });

  it("turns an unknown code, a 5xx or a body that is not the API's into a generic problem", () => {
    expect(problemOf(400, { error: "something_new", message: "body/x is odd" })).toMatchObject({
      code: "server",
    });
    expect(problemOf(500, { error: "internal", message: "Internal Server Error" })).toEqual({
      code: "server",
      status: 500,
    });
    expect(problemOf(502, "<html>Bad gateway</html>")).toEqual({ code: "server", status: 502 });
    expect(problemOf(404, { error: "whatever", message: "nope" })).toMatchObject({ code: "not_found" });
  });

  it("keeps a known 5xx code but names no field from a server's message", () => {
    expect(
      problemOf(503, { error: "billing_unavailable", message: "body/x billing is not configured" }),
    ).toEqual({
      code: "billing_unavailable",
      status: 503,
    });
  });
});

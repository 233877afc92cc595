import { describe, expect, it } from "vitest";
import { fieldOf, problemOf } from "./problems.ts";

describe("API errors as the page tells them", () => {
  it("names the field a validation message is about", () => {
    expect(fieldOf('body/email must match format "email"')).toBe("email");
    expect(fieldOf("querystring/phone must be a valid phone number")).toBe("phone");
    expect(fieldOf("e-mail or password is wrong")).toBeUndefined();
  });

  it("keeps the API's code and the field its message names", () => {
    expect(problemOf(409, { error: "email_taken", message: "body/email is already registered" })).toEqual({
      code: "email_taken",
      field: "email",
      status: 409,
    });
  });

  it("keeps a 5xx code but names no field from a server's message", () => {
    expect(problemOf(503, { error: "service_unavailable", message: "body/x is down" })).toEqual({
      code: "service_unavailable",
      status: 503,
    });
  });

  it("turns a body that is not the API's (a proxy's error page, nothing) into a generic problem", () => {
    expect(problemOf(502, "<html>Bad gateway</html>")).toEqual({ code: "server", status: 502 });
    expect(problemOf(500, undefined)).toEqual({ code: "server", status: 500 });
  });
});

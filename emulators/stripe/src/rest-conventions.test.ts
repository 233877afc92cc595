import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StripeEmulator } from "./testing.ts";
import { TEST_SECRET_KEY, createMonthlyPrice, startStripeEmulator } from "./testing.ts";

let emulator: StripeEmulator;
let stripe: Stripe;

beforeEach(async () => {
  emulator = await startStripeEmulator();
  stripe = emulator.client();
});
afterEach(async () => {
  await emulator.close();
});

/** A request as curl would send it, for what the official client never sends. */
function raw(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TEST_SECRET_KEY}`,
      ...(init.body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
      ...init.headers,
    },
    body: init.body ?? null,
  });
}

describe("list pagination", () => {
  it("pages newest first with limit, starting_after and ending_before, and auto-pagination sees everything", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++)
      ids.push((await stripe.customers.create({ email: `u${i}@phoenix.test` })).id);
    const newestFirst = ids.toReversed();

    const first = await stripe.customers.list({ limit: 10 });
    expect(first).toMatchObject({ object: "list", has_more: true, url: "/v1/customers" });
    expect(first.data.map((customer) => customer.id)).toEqual(newestFirst.slice(0, 10));

    const second = await stripe.customers.list({ limit: 10, starting_after: first.data.at(-1)!.id });
    expect(second.data.map((customer) => customer.id)).toEqual(newestFirst.slice(10, 20));
    const last = await stripe.customers.list({ limit: 10, starting_after: second.data.at(-1)!.id });
    expect(last.data).toHaveLength(5);
    expect(last.has_more).toBe(false);

    const back = await stripe.customers.list({ limit: 3, ending_before: second.data[0]!.id });
    expect(back.data.map((customer) => customer.id)).toEqual(newestFirst.slice(7, 10));
    expect(back.has_more).toBe(true);

    const everything = await stripe.customers.list({ limit: 7 }).autoPagingToArray({ limit: 100 });
    expect(everything.map((customer) => customer.id)).toEqual(newestFirst);
    expect((await stripe.customers.list()).data).toHaveLength(10);
  });

  it("refuses a limit above 100 and a cursor that names no object", async () => {
    await expect(stripe.customers.list({ limit: 101 })).rejects.toMatchObject({
      statusCode: 400,
      param: "limit",
    });
    await expect(stripe.customers.list({ starting_after: "cus_gone" })).rejects.toMatchObject({
      code: "resource_missing",
      param: "starting_after",
    });
  });
});

describe("errors", () => {
  it("names a missing required parameter", async () => {
    const error = await stripe.prices
      .create({ unit_amount: 100, product_data: { name: "x" } } as never)
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      rawType: "invalid_request_error",
      code: "parameter_missing",
      param: "currency",
      message: "Missing required param: currency.",
      doc_url: "https://docs.stripe.com/error-codes/parameter-missing",
    });
    expect(error).toHaveProperty("requestId", expect.stringMatching(/^req_/));
  });

  it("answers 404 resource_missing for an unknown id", async () => {
    await expect(stripe.subscriptions.retrieve("sub_nope")).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      param: "id",
      message: "No such subscription: 'sub_nope'",
    });
  });

  it("answers 401 to a wrong key and to no key at all", async () => {
    const wrong = new Stripe("sk_test_not_the_right_one_1234", {
      host: "127.0.0.1",
      port: emulator.port,
      protocol: "http",
    });
    const error = await wrong.customers.list().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error).toMatchObject({
      statusCode: 401,
      message: "Invalid API Key provided: sk_test_******************1234",
    });

    const none = await fetch(`${emulator.url}/v1/customers`);
    expect(none.status).toBe(401);
    const body = (await none.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/^You did not provide an API key/);
  });

  it("accepts the key as a Basic user name, as curl -u sends it", async () => {
    const response = await fetch(`${emulator.url}/v1/customers`, {
      headers: { authorization: `Basic ${Buffer.from(`${TEST_SECRET_KEY}:`).toString("base64")}` },
    });
    expect(response.status).toBe(200);
  });

  it("refuses unknown parameters, and known ones the emulator does not model", async () => {
    await expect(stripe.customers.create({ emial: "typo@phoenix.test" } as never)).rejects.toMatchObject({
      statusCode: 400,
      code: "parameter_unknown",
      param: "emial",
      message: "Received unknown parameter: emial",
    });
    const unmodelled = stripe.customers.create({ address: { line1: "1 Main St" } });
    await expect(unmodelled).rejects.toMatchObject({ statusCode: 400, param: "address" });
    await expect(unmodelled).rejects.toThrow(/does not emulate the parameter address/);
  });

  it("answers an unknown URL in Stripe's error shape", async () => {
    const response = await raw("GET", "/v1/charges");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        type: "invalid_request_error",
        message:
          "Unrecognized request URL (GET: /v1/charges). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.",
      },
    });
  });
});

describe("wire format", () => {
  it("reads bracket notation from curl-style bodies and queries (expand[] and metadata[key])", async () => {
    const customer = (await (
      await raw("POST", "/v1/customers", { body: "email=a%40phoenix.test&metadata[userId]=u1" })
    ).json()) as { id: string; metadata: Record<string, string> };
    expect(customer.metadata).toEqual({ userId: "u1" });
    const price = await createMonthlyPrice(stripe, { lookupKey: "k1" });
    const listed = await raw("GET", "/v1/prices?lookup_keys[]=k1&expand[]=data.product");
    const body = (await listed.json()) as { data: { id: string; product: { object: string } }[] };
    expect(body.data.map((item) => [item.id, item.product.object])).toEqual([[price.id, "product"]]);
  });

  it("answers with Request-Id and the Stripe-Version asked for, and refuses a malformed version", async () => {
    const response = await raw("GET", "/v1/customers", {
      headers: { "stripe-version": "2026-10-28.endive" },
    });
    expect(response.headers.get("request-id")).toMatch(/^req_[0-9A-Za-z]{14}$/);
    expect(response.headers.get("stripe-version")).toBe("2026-10-28.endive");
    const bad = await raw("GET", "/v1/customers", { headers: { "stripe-version": "yesterday" } });
    expect(bad.status).toBe(400);
  });
});

describe("idempotency", () => {
  it("replays the first response for a retry with the same key and parameters", async () => {
    const first = await stripe.customers.create(
      { email: "once@phoenix.test" },
      { idempotencyKey: "signup-user_1" },
    );
    const again = await stripe.customers.create(
      { email: "once@phoenix.test" },
      { idempotencyKey: "signup-user_1" },
    );

    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(again.lastResponse.headers["original-request"]).toBe(first.lastResponse.requestId);
    expect((await stripe.customers.list()).data).toHaveLength(1);
  });

  it("refuses the same key with other parameters or on another endpoint", async () => {
    await stripe.customers.create({ email: "once@phoenix.test" }, { idempotencyKey: "k-1" });

    const changed = await stripe.customers
      .create({ email: "twice@phoenix.test" }, { idempotencyKey: "k-1" })
      .catch((err: unknown) => err);
    expect(changed).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(changed).toMatchObject({
      statusCode: 400,
      rawType: "idempotency_error",
      message:
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k-1' if you meant to execute a different request.",
    });
    await expect(stripe.products.create({ name: "x" }, { idempotencyKey: "k-1" })).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );
  });

  it("saves nothing for a request refused by validation, so the corrected retry runs", async () => {
    await expect(
      stripe.prices.create({ unit_amount: 100 } as never, { idempotencyKey: "price-1" }),
    ).rejects.toMatchObject({ code: "parameter_missing" });
    const price = await stripe.prices.create(
      { currency: "usd", unit_amount: 100, product_data: { name: "x" } },
      { idempotencyKey: "price-1" },
    );
    expect(price.id).toMatch(/^price_/);
  });

  it("ignores the key on GET requests", async () => {
    const response = await raw("GET", "/v1/customers", { headers: { "idempotency-key": "k-get" } });
    expect(response.headers.get("idempotency-key")).toBeNull();
  });
});

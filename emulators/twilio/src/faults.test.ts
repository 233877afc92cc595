import { afterEach, describe, expect, it } from "vitest";
import { createManualClock } from "./clock.ts";
import type { StateView } from "./control-schema.ts";
import type { TestEmulator } from "./testing.ts";
import { testEmulator, waitUntil } from "./testing.ts";

let emulator: TestEmulator;
afterEach(async () => {
  await emulator.app.close();
});

async function addFaults(faults: unknown): Promise<void> {
  const response = await emulator.app.inject({
    method: "POST",
    url: "/_control/faults",
    payload: faults as object,
  });
  expect(response.statusCode, response.body).toBe(200);
}

const list = () => emulator.twilio("GET", "/IncomingPhoneNumbers.json");
const buy = (areaCode = "415") =>
  emulator.twilio("POST", "/IncomingPhoneNumbers.json", { form: { AreaCode: areaCode } });

describe("fault injection", () => {
  it("answers a burst of 429s with code 20429, then succeeds", async () => {
    emulator = testEmulator();
    await addFaults({ failures: [{ operation: "CreateIncomingPhoneNumber", status: 429, count: 3 }] });
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await buy();
      expect(response.statusCode).toBe(429);
      expect(response.json()).toEqual({
        code: 20429,
        message: "Too Many Requests",
        more_info: "https://www.twilio.com/docs/errors/20429",
        status: 429,
      });
    }
    expect((await buy()).statusCode).toBe(201);
    expect((await list()).statusCode).toBe(200); // other operations were never affected
    expect(emulator.state.numbers.size).toBe(1);
    const state = (await emulator.app.inject({ url: "/_control/state" })).json<StateView>();
    expect(state.calls["CreateIncomingPhoneNumber"]).toEqual({ total: 4, byStatus: { "429": 3, "201": 1 } });
  });

  it("fails only the Nth call of an operation with the given status and code", async () => {
    emulator = testEmulator();
    await addFaults({
      failures: [{ operation: "ListIncomingPhoneNumber", nth: 3, status: 400, code: 21422, message: "nope" }],
    });
    const statuses: number[] = [];
    for (let call = 0; call < 5; call++) statuses.push((await list()).statusCode);
    expect(statuses).toEqual([200, 200, 400, 200, 200]);
  });

  it("fails a 5xx burst across every operation", async () => {
    emulator = testEmulator();
    await addFaults({ failures: [{ status: 503, count: 2, retryAfterSeconds: 1 }] });
    const first = await list();
    expect(first.statusCode).toBe(503);
    expect(first.headers["retry-after"]).toBe("1");
    expect(first.json<{ code: number }>().code).toBe(20503);
    expect((await buy()).statusCode).toBe(503);
    expect(emulator.state.numbers.size).toBe(0);
    expect((await buy()).statusCode).toBe(201);
  });

  it("delays an operation by the injected latency", async () => {
    const clock = createManualClock();
    emulator = testEmulator({ clock });
    await addFaults({ latencyMs: { ListIncomingPhoneNumber: 500 } });
    let answered = false;
    const pending = list().then((response) => {
      answered = true;
      return response;
    });
    await clock.advance(499);
    expect(answered).toBe(false);
    await clock.advance(1);
    expect((await pending).statusCode).toBe(200);
  });

  it("holds the answer back after the effect: the number is owned and counted before the 201", async () => {
    const clock = createManualClock();
    emulator = testEmulator({ clock });
    await addFaults({ responseDelayMs: { CreateIncomingPhoneNumber: 1000 } });
    let answered = false;
    const pending = buy().then((response) => {
      answered = true;
      return response;
    });
    await waitUntil(() => emulator.state.numbers.size === 1);
    expect(emulator.state.calls.get("CreateIncomingPhoneNumber")).toEqual({
      total: 1,
      byStatus: { "201": 1 },
    });
    expect(emulator.state.faults.inFlight).toBe(1); // still in flight for the client
    await clock.advance(999);
    expect(answered).toBe(false);
    expect((await list()).statusCode).toBe(200); // other operations are answered at once
    await clock.advance(1);
    expect((await pending).statusCode).toBe(201);
    expect(emulator.state.faults.inFlight).toBe(0);
  });

  it("does not hold back calls refused before the handler ran", async () => {
    const clock = createManualClock();
    emulator = testEmulator({ clock });
    await addFaults({
      responseDelayMs: { "*": 1000 },
      failures: [{ operation: "CreateIncomingPhoneNumber", status: 503 }],
    });
    expect((await buy()).statusCode).toBe(503);
    expect((await emulator.twilio("GET", "/IncomingPhoneNumbers.json", { auth: null })).statusCode).toBe(401);
    expect(emulator.state.numbers.size).toBe(0);
  });

  it("removes a response delay set to 0 and reports the delays it holds", async () => {
    emulator = testEmulator();
    await addFaults({ responseDelayMs: { CreateIncomingPhoneNumber: 500, ListIncomingPhoneNumber: 300 } });
    const response = await emulator.app.inject({
      method: "POST",
      url: "/_control/faults",
      payload: { responseDelayMs: { CreateIncomingPhoneNumber: 0 } },
    });
    expect(response.json<{ responseDelayMs: unknown }>().responseDelayMs).toEqual({
      ListIncomingPhoneNumber: 300,
    });
  });

  it("limits the request rate with a token bucket", async () => {
    const clock = createManualClock();
    emulator = testEmulator({ clock });
    await addFaults({ rateLimit: { requestsPerSecond: 2, burst: 2 } });
    const statuses = async (count: number): Promise<number[]> => {
      const result: number[] = [];
      for (let call = 0; call < count; call++) result.push((await list()).statusCode);
      return result;
    };
    expect(await statuses(3)).toEqual([200, 200, 429]);
    await clock.advance(500);
    expect(await statuses(2)).toEqual([200, 429]);
  });

  it("refuses requests beyond the concurrency limit", async () => {
    const clock = createManualClock();
    emulator = testEmulator({ clock });
    await addFaults({ rateLimit: { maxConcurrent: 1 }, latencyMs: { "*": 100 } });
    const slow = list();
    await waitUntil(() => emulator.state.faults.inFlight === 1);
    const refused = await list();
    expect(refused.statusCode).toBe(429);
    await clock.advance(100);
    expect((await slow).statusCode).toBe(200);
  });

  it("counts unauthenticated calls but never lets them through a fault", async () => {
    emulator = testEmulator();
    await addFaults({ failures: [{ status: 500 }] });
    const response = await emulator.twilio("GET", "/IncomingPhoneNumbers.json", { auth: null });
    expect(response.statusCode).toBe(401);
    expect((await list()).statusCode).toBe(500);
    expect(emulator.state.calls.get("ListIncomingPhoneNumber")?.byStatus).toEqual({ "401": 1, "500": 1 });
  });

  it("clears every fault with DELETE /_control/faults", async () => {
    emulator = testEmulator();
    await addFaults({ failures: [{ status: 500, count: 10 }], rateLimit: { maxConcurrent: 0 } });
    expect((await emulator.app.inject({ method: "DELETE", url: "/_control/faults" })).statusCode).toBe(204);
    expect((await list()).statusCode).toBe(200);
  });
});

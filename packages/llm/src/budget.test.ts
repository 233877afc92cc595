import { describe, expect, it } from "vitest";
import { createBudget, createMemoryCounterStore, dayOf, ttlSeconds } from "./budget.ts";

const noon = Date.UTC(2026, 11, 5, 12, 0, 0);

function setup(perPlanDaily?: Record<string, number>) {
  let now = noon;
  const store = createMemoryCounterStore();
  const budget = createBudget({
    store,
    limits: { perUserDaily: { free: 1000, premium: 10_000 }, ...(perPlanDaily ? { perPlanDaily } : {}) },
    clock: { now: () => now },
  });
  return { budget, store, setNow: (ms: number) => (now = ms) };
}

describe("daily token budgets", () => {
  it("reserves within the plan's daily limit and refuses the call that would pass it", async () => {
    const { budget } = setup();
    const lea = { id: "u-lea", plan: "free" };
    expect(await budget.reserve(lea, 600)).toMatchObject({ allowed: true, used: 600, limit: 1000 });
    expect(await budget.reserve(lea, 401)).toMatchObject({ allowed: false, used: 600 });
    expect(await budget.reserve(lea, 400)).toMatchObject({ allowed: true, used: 1000 });
    expect(await budget.reserve({ id: "u-lea", plan: "premium" }, 5000)).toMatchObject({ allowed: true });
  });

  it("settles a reservation to the tokens really used, once", async () => {
    const { budget, store } = setup();
    const user = { id: "u-sam", plan: "free" };
    const reservation = await budget.reserve(user, 800);
    await reservation.settle(120);
    await reservation.settle(999);
    expect([...store.values.values()]).toEqual([120]);
    expect(await budget.reserve(user, 880)).toMatchObject({ allowed: true, used: 1000 });
  });

  it("gives no tokens to a plan it does not know", async () => {
    const { budget } = setup();
    expect(await budget.reserve({ id: "u", plan: "mystery" }, 1)).toMatchObject({ allowed: false, limit: 0 });
  });

  it("starts a fresh count on the next UTC day", async () => {
    const { budget, setNow } = setup();
    const user = { id: "u-day", plan: "free" };
    await budget.reserve(user, 1000);
    expect((await budget.reserve(user, 1)).allowed).toBe(false);
    setNow(Date.UTC(2026, 11, 6, 0, 0, 0));
    expect((await budget.reserve(user, 1)).allowed).toBe(true);
  });

  it("refuses when the plan's shared daily pool is spent, reserving nothing on the user", async () => {
    const { budget, store } = setup({ free: 1500 });
    await budget.reserve({ id: "a", plan: "free" }, 1000);
    const refused = await budget.reserve({ id: "b", plan: "free" }, 600);
    expect(refused.allowed).toBe(false);
    expect(store.values.get(`llm:budget:user:b:${dayOf(noon)}`)).toBeUndefined();
  });

  it("keeps a counter until the end of the day after its own", () => {
    expect(ttlSeconds(noon)).toBe(36 * 3600);
    expect(ttlSeconds(Date.UTC(2026, 11, 5, 23, 59, 59))).toBe(24 * 3600 + 1);
  });

  it("when the store fails or hangs: closed refuses, open lets the call through uncounted", async () => {
    const failing = {
      addWithin: () => Promise.reject(new Error("connection refused")),
      add: () => Promise.reject(new Error("connection refused")),
    };
    const hanging = { addWithin: () => new Promise<never>(() => undefined), add: () => Promise.resolve() };
    const limits = { perUserDaily: { free: 1000 } };
    const clock = { now: () => noon };
    const user = { id: "u", plan: "free" };
    expect(await createBudget({ store: failing, limits, clock }).reserve(user, 10)).toMatchObject({
      allowed: false,
      unavailable: true,
    });
    const open = await createBudget({
      store: hanging,
      limits,
      clock,
      failMode: "open",
      timeoutMs: 20,
    }).reserve(user, 10);
    expect(open).toMatchObject({ allowed: true, unavailable: true });
    await expect(open.settle(5)).resolves.toBeUndefined();
  });

  it("a settle that fails leaves the estimate counted without failing the answer", async () => {
    const store = createMemoryCounterStore();
    const flaky = {
      addWithin: (...args: Parameters<typeof store.addWithin>) => store.addWithin(...args),
      add: () => Promise.reject(new Error("READONLY")),
    };
    const budget = createBudget({
      store: flaky,
      limits: { perUserDaily: { free: 1000 } },
      clock: { now: () => noon },
    });
    const reservation = await budget.reserve({ id: "u", plan: "free" }, 300);
    await expect(reservation.settle(10)).resolves.toBeUndefined();
    expect([...store.values.values()]).toEqual([300]);
  });
});

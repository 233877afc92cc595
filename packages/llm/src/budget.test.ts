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
});

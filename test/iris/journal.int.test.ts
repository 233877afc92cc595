// The journal against the real Postgres: entries analysed when written, linked with the energy
// check-ins the SMS assistant writes, the trend per local day for the chart, journal.entry events.
import { beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../services/iris/src/journal/analyzer.ts";
import { startTestIris } from "./harness.ts";
import type { TestIris, TestUser } from "./harness.ts";

describe("iris journal", () => {
  let iris: TestIris;
  beforeAll(async () => {
    iris = await startTestIris();
    return () => iris.close();
  });

  const write = async (user: TestUser, text: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${iris.url}/v1/journal/entries`, {
      method: "POST",
      headers: { ...user.headers, ...headers },
      body: JSON.stringify({ text }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("analyses an entry and links it with the day's energy check-ins", async () => {
    const user = await iris.user();
    await iris.asSystem("INSERT INTO energy_checkins (user_id, level) VALUES ($1, 2), ($1, 3)", [user.id]);
    const { status, body } = await write(user, "Très fatiguée, mais fière de ma candidature envoyée.");
    expect(status).toBe(201);
    expect(body).toMatchObject({
      text: "Très fatiguée, mais fière de ma candidature envoyée.",
      energy: { average: 2.5, checkins: 2 },
      analysis: { language: "fr", themes: [{ theme: "job_search", words: ["candidature"] }] },
    });
    const events = await iris.asSystem<{ type: string; source_app: string; payload: unknown }>(
      "SELECT type, source_app, payload FROM events WHERE user_id = $1",
      [user.id],
    );
    expect(events).toEqual([
      {
        type: "journal.entry",
        source_app: "iris",
        payload: { entryId: body["id"], themes: ["job_search"], sentiment: "negative" },
      },
    ]);
  });

  it("gives mood and energy per day, and how they move together", async () => {
    const user = await iris.user({ timeZone: "Europe/Paris" });
    // Three past days written as they would have been, plus today through the API.
    const days: Array<[number, string, number]> = [
      [3, "épuisé et triste", 1],
      [2, "ça va, un peu fatigué", 3],
      [1, "content et motivé, super journée", 5],
    ];
    for (const [ago, text, level] of days) {
      await iris.asSystem(
        `INSERT INTO journal_entries (user_id, text, analysis, mood, local_day, created_at)
         VALUES ($1, $2, $3, $4, (now() AT TIME ZONE 'Europe/Paris')::date - $5::int, now() - make_interval(days => $5))`,
        [user.id, text, JSON.stringify(analyze(text)), analyze(text).sentiment.score, ago],
      );
      await iris.asSystem(
        "INSERT INTO energy_checkins (user_id, level, created_at) VALUES ($1, $2, now() - make_interval(days => $3))",
        [user.id, level, ago],
      );
    }
    await write(user, "Une belle journée, je suis content");
    const response = await fetch(`${iris.url}/v1/journal/trend?days=7`, { headers: user.headers });
    const trend = (await response.json()) as {
      days: Array<{ day: string; mood: number | null; energy: number | null; entries: number }>;
      correlation: number | null;
    };
    expect(trend.days).toHaveLength(4);
    expect(trend.days.map((day) => day.energy)).toEqual([1, 3, 5, null]);
    expect(trend.days.map((day) => day.mood)).toEqual([-1, -0.5, 1, 0.5]);
    expect(trend.correlation).toBeGreaterThan(0.9);
    const list = (await (
      await fetch(`${iris.url}/v1/journal/entries`, { headers: user.headers })
    ).json()) as unknown[];
    expect(list).toHaveLength(4);
  });

  it("refuses bad entries with a reason, never a 5xx; deletes one; shows no one else's", async () => {
    const user = await iris.user();
    const other = await iris.user();
    expect(await write(user, "")).toMatchObject({ status: 400, body: { error: "empty_message" } });
    expect(await write(user, "x".repeat(100_000), { "accept-language": "en" })).toMatchObject({
      status: 400,
      body: { error: "too_long", reason: "This text is too long. Keep it under the limit shown." },
    });
    expect(await write(user, "\u0002\u0003")).toMatchObject({
      status: 400,
      body: { error: "binary_content" },
    });
    expect((await write(user, "😀😀")).status).toBe(201);
    const { body } = await write(user, "Привет, bonne journée");
    const id = String(body["id"]);
    const theirs = await fetch(`${iris.url}/v1/journal/entries/${id}`, {
      method: "DELETE",
      headers: { authorization: other.headers.authorization! },
    });
    expect(theirs.status).toBe(404);
    const mine = await fetch(`${iris.url}/v1/journal/entries/${id}`, {
      method: "DELETE",
      headers: { authorization: user.headers.authorization! },
    });
    expect(mine.status).toBe(204);
  });
});

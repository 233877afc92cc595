import { describe, expect, it } from "vitest";
import { pivot } from "./components/DailyEvents.tsx";
import { selection } from "./components/Reprocess.tsx";

const hash = "a".repeat(64);
const draft = { hashes: "", sourceApp: "", type: "", since: "" };

describe("reprocessing's selection", () => {
  it("is the content hashes when some are given, once each", () => {
    expect(selection({ ...draft, hashes: `${hash}, ${hash}\n${"b".repeat(64)}` })).toEqual({
      contentHashes: [hash, "b".repeat(64)],
    });
  });

  it("else a source app since a date, with the type when given", () => {
    expect(selection({ ...draft, sourceApp: "sms", since: "2026-12-01" })).toEqual({
      sourceApp: "sms",
      since: "2026-12-01T00:00:00.000Z",
    });
    expect(selection({ ...draft, sourceApp: "web", type: "task.add", since: "2026-12-01" })).toMatchObject({
      type: "task.add",
    });
  });

  it("names the field that is wrong", () => {
    expect(selection({ ...draft, hashes: "abc" })).toEqual({ field: "contentHashes" });
    expect(selection({ ...draft, sourceApp: "SMS!" })).toEqual({ field: "sourceApp" });
    expect(selection({ ...draft, sourceApp: "sms" })).toEqual({ field: "since" });
  });
});

describe("events per app and day", () => {
  it("are one row a day, newest first, one column an app, zero where an app had none", () => {
    const counts = [
      { day: "2026-12-04", sourceApp: "sms", count: 3 },
      { day: "2026-12-05", sourceApp: "web", count: 2 },
      { day: "2026-12-05", sourceApp: "sms", count: 1 },
    ];
    expect(pivot(counts)).toEqual({
      apps: ["sms", "web"],
      days: [
        { day: "2026-12-05", counts: [1, 2] },
        { day: "2026-12-04", counts: [3, 0] },
      ],
    });
  });
});

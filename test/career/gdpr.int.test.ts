// GDPR: the API's catalogue-driven export holds every career row of the user (CV, uploaded
// original kept, offer, analysis, letter and its versions), and the API's account deletion removes
// them all — no career table needs the API's code to know it.
import { createQueues, closeQueues } from "@phoenix/store";
import { createLogger } from "@phoenix/kernel/log";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteAccount } from "../../services/api/src/gdpr/delete.ts";
import { exportUser } from "../../services/api/src/gdpr/export.ts";
import type { NumberClient } from "../../services/api/src/numbers/twilio-numbers.ts";
import { renderDocx } from "../../services/career/src/render/docx.ts";
import { sampleCv } from "../../services/career/src/cv/samples.ts";
import { dropRedisKeys } from "../support/redis.ts";
import { multipartFile } from "./files.ts";
import { startTestCareer } from "./harness.ts";
import type { TestCareer } from "./harness.ts";

let career: TestCareer;
beforeAll(async () => {
  career = await startTestCareer();
});
afterAll(async () => {
  await career.close();
});

const careerTables = ["cvs", "cv_files", "job_offers", "match_analyses", "letters", "letter_versions"];

describe("GDPR and career", () => {
  it("the export holds every career row, the deletion removes them", async () => {
    const user = await career.user({ plan: "premium" });
    const body = multipartFile(await renderDocx(sampleCv("fr")), "cv.docx", "application/octet-stream");
    const uploaded = await career.call(user, {
      method: "POST",
      url: "/v1/cv/upload?keep=true",
      payload: body.payload,
      headers: body.headers,
    });
    const cvId = uploaded.json<{ id: string }>().id;
    const analysed = await career.call(user, {
      method: "POST",
      url: "/v1/job-offers/analyses",
      payload: { offer: "Chef de projet digital\nGestion de projet, Scrum, anglais.", cvId },
    });
    const { offerId } = analysed.json<{ offerId: string }>();
    const letter = await career.call(user, {
      method: "POST",
      url: "/v1/letters",
      payload: { cvId, offerId, template: "classic", tone: "formal", length: "short" },
    });
    await career.call(user, {
      method: "PUT",
      url: `/v1/letters/${letter.json<{ id: string }>().id}`,
      payload: { text: "Madame, Monsieur, ma version." },
    });

    const exported = await exportUser(career.context.pool, user.id);
    const counts = Object.fromEntries(
      careerTables.map((table) => [table, exported?.tables[table]?.length ?? -1]),
    );
    expect(counts).toEqual({
      cvs: 1,
      cv_files: 1,
      job_offers: 1,
      match_analyses: 1,
      letters: 1,
      letter_versions: 2,
    });

    const queuePrefix = `gdpr-${user.id.slice(0, 8)}`;
    const queues = createQueues(career.context.redis, queuePrefix);
    const numbers = { delete: () => Promise.resolve(false) } as unknown as NumberClient; // the Kubernetes boundary
    let report: Awaited<ReturnType<typeof deleteAccount>>;
    try {
      report = await deleteAccount(
        { pool: career.context.pool, queues, numbers, logger: createLogger({ name: "t", level: "silent" }) },
        user.id,
        "self",
      );
    } finally {
      await closeQueues(queues);
      await dropRedisKeys(queuePrefix);
    }
    expect(report.deleted).toBe(true);
    for (const table of careerTables) {
      const [row] = await career.asSystem<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`,
        [user.id],
      );
      expect(row!.n, table).toBe(0);
    }
  });
});

// The cross-app nudge: a letter generated through career for an offer the CV matches poorly makes
// the existing event processor (services/workers) draft one "cv" nudge naming the missing skills,
// in the user's language, once a day, held through quiet hours; a well-matched offer nudges nobody.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CV_NUDGE_BELOW, processEvents } from "../../services/workers/src/nudges.ts";
import { toJsonResume } from "../../services/career/src/cv/json-resume.ts";
import { sampleCv } from "../../services/career/src/cv/samples.ts";
import { frenchPhone, seedUser } from "../support/sms-data.ts";
import type { UserSeed } from "../support/sms-data.ts";
import { startTestCareer } from "./harness.ts";
import type { TestCareer } from "./harness.ts";

let career: TestCareer;
beforeAll(async () => {
  career = await startTestCareer();
});
afterAll(async () => {
  await career.close();
});

const poorOffer = `Ingénieur DevOps H/F
Compétences : Docker, Kubernetes, Terraform, AWS, Linux.
Gestion de projet appréciée.`;
const goodOffer = `Cheffe de projet digital H/F
Gestion de projet en méthode Scrum, HTML, CSS, WordPress, anglais courant.`;

async function letterFor(seed: UserSeed, offer: string) {
  const seeded = await seedUser(career.context.pool, {
    timeZone: "UTC",
    phone: frenchPhone(),
    language: "fr",
    ...seed,
  });
  const user = await career.as(seeded.id);
  const cv = (
    await career.call(user, {
      method: "POST",
      url: "/v1/cv/json-resume",
      payload: toJsonResume(sampleCv("fr")),
    })
  ).json<{ id: string }>();
  const analysed = await career.call(user, {
    method: "POST",
    url: "/v1/job-offers/analyses",
    payload: { offer, cvId: cv.id },
  });
  const { offerId, analysis } = analysed.json<{ offerId: string; analysis: { score: number } }>();
  const made = await career.call(user, {
    method: "POST",
    url: "/v1/letters",
    payload: { cvId: cv.id, offerId, template: "classic", tone: "warm", length: "short" },
  });
  expect(made.statusCode).toBe(201);
  return { user, cvId: cv.id, offerId, score: analysis.score };
}

const nudgesOf = (userId: string) =>
  career.asSystem<{ kind: string; body: string; send_after: Date | null }>(
    "SELECT n.kind, m.body, m.send_after FROM nudges n JOIN messages m ON m.id = n.message_id WHERE n.user_id = $1",
    [userId],
  );

describe("letter for a poorly matched offer → a nudge toward the CV", () => {
  it("drafts one cv nudge with the score and the missing skills, once a day", async () => {
    const { user, cvId, offerId, score } = await letterFor({}, poorOffer);
    expect(score).toBeLessThan(CV_NUDGE_BELOW);
    const deps = { pool: career.context.pool, perDay: 3 };
    await processEvents(deps, new Date());
    const [nudge, ...others] = await nudgesOf(user.id);
    expect(others).toEqual([]);
    expect(nudge?.kind).toBe("cv");
    expect(nudge?.body).toBe(
      `Ton CV couvre ${score} % de l'offre de ta lettre. Il manque : DevOps, Docker, Kubernetes. Si tu les as, ajoute-les à ton CV sur Phoenix.`,
    );
    // A second letter the same day: no second nudge of the kind.
    await career.call(user, {
      method: "POST",
      url: "/v1/letters",
      payload: { cvId, offerId, template: "transition", tone: "bold", length: "short" },
    });
    await processEvents(deps, new Date());
    expect(await nudgesOf(user.id)).toHaveLength(1);
  });

  it("a well-matched offer nudges nobody", async () => {
    const { user, score } = await letterFor({}, goodOffer);
    expect(score).toBeGreaterThanOrEqual(CV_NUDGE_BELOW);
    await processEvents({ pool: career.context.pool, perDay: 3 }, new Date());
    expect(await nudgesOf(user.id)).toEqual([]);
  });

  it("holds the nudge until quiet hours end", async () => {
    const { user } = await letterFor({ quiet: { start: "00:00", end: "23:59" }, language: "en" }, poorOffer);
    await processEvents({ pool: career.context.pool, perDay: 3 }, new Date());
    const [nudge] = await nudgesOf(user.id);
    expect(nudge?.body).toMatch(
      /^Your CV matches \d+% of the offer you wrote a letter for\. Missing: DevOps, Docker/,
    );
    expect(nudge?.send_after).not.toBeNull();
  });
});

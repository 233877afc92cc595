// Live Today (ADR 0055): while the page is visible it asks every second whether anything changed
// (If-None-Match with the last ETag; a 304 costs the API one primary-key read), at once when the
// page becomes visible again, and right after a change made on the page. Hidden, it does not ask.
import { useCallback, useEffect, useRef, useState } from "react";
import { asProblem } from "../../app/problems.ts";
import type { Problem } from "../../app/problems.ts";
import { pollToday } from "./api/today.ts";
import type { Today } from "./api/today.ts";

export const POLL_MS = 1000;

export interface LiveToday {
  today: Today | undefined;
  problem: Problem | undefined;
  /** Asks now (after a change made on the page). */
  refresh: () => Promise<void>;
}

export function useToday(): LiveToday {
  const [today, setToday] = useState<Today>();
  const [problem, setProblem] = useState<Problem>();
  const etag = useRef<string | undefined>(undefined);
  const inFlight = useRef<Promise<void> | undefined>(undefined);

  const refresh = useCallback(() => {
    inFlight.current ??= pollToday(etag.current)
      .then((answer) => {
        setProblem(undefined);
        if (answer === "unchanged") return;
        etag.current = answer.etag;
        setToday(answer.today);
      })
      .catch((error: unknown) => {
        const problem = asProblem(error);
        // A poll over the API's limit is skipped, not shown: the next second asks again.
        if (problem.code !== "rate_limited") setProblem(problem);
      })
      .finally(() => {
        inFlight.current = undefined;
      });
    return inFlight.current;
  }, []);

  useEffect(() => {
    const visible = () => document.visibilityState === "visible";
    void refresh();
    const timer = setInterval(() => {
      if (visible()) void refresh();
    }, POLL_MS);
    const onVisibility = () => {
      if (visible()) void refresh();
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [refresh]);

  return { today, problem, refresh };
}

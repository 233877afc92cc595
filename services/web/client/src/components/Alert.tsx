// A problem that belongs to no field (wrong password, server down), announced when it appears.
import { useTranslation } from "react-i18next";
import type { Problem } from "../app/problems.ts";
import { problemText } from "./problem-text.ts";

export function ProblemAlert({ problem }: { problem: Problem | undefined }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className={problem ? "alert" : undefined}>
      {problem && problemText(t, problem)}
    </div>
  );
}

/** A confirmation ("saved"), announced politely. */
export function Status({ children }: { children: string | undefined }) {
  return (
    <p role="status" className={children ? "status" : undefined}>
      {children}
    </p>
  );
}

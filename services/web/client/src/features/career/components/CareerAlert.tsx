// A refusal as career worded it in the user's language, with the way out when it is Premium
// (a spent monthly quota, a premium template): the billing page, as elsewhere in the app.
import { Link } from "wouter";
import { CareerProblem } from "../api/career.ts";
import { useCareerT } from "../messages.ts";

export function UpgradeLink() {
  const { t } = useCareerT();
  return (
    <Link href="/billing" className="career-upgrade">
      {t("common.upgrade")}
    </Link>
  );
}

export function CareerAlert({ error }: { error: unknown }) {
  const { t } = useCareerT();
  const problem = error instanceof CareerProblem ? error : undefined;
  const text =
    error === undefined
      ? undefined
      : (problem?.reason ?? t(error instanceof TypeError ? "common.network" : "common.failed"));
  return (
    <div role="alert" className={text ? "alert" : undefined}>
      {text && <p>{text}</p>}
      {problem?.needsPremium && (
        <p>
          <UpgradeLink />
        </p>
      )}
    </div>
  );
}

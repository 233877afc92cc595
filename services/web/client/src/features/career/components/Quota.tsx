// What is left of the month's free CVs or letters, as career counts it (GET …/quota): the
// premium plan is unlimited; the free one says how many are left and when it comes back.
import type { QuotaState } from "../api/career.ts";
import { useCareerT } from "../messages.ts";
import { UpgradeLink } from "./CareerAlert.tsx";

export function Quota({ quota }: { quota: QuotaState | undefined }) {
  const { t, language } = useCareerT();
  if (!quota) return null;
  const product = quota.product === "cv" ? "cv" : "letters";
  if (quota.limit === null || quota.remaining === null)
    return <p className="career-quota">{t(`quota.${product}Unlimited`)}</p>;
  const resets = new Intl.DateTimeFormat(language, { day: "numeric", month: "long" }).format(
    new Date(quota.resetsAt),
  );
  return (
    <p className="career-quota">
      {t(`quota.${product}`, { limit: quota.limit, remaining: quota.remaining })}{" "}
      {quota.remaining === 0 && (
        <>
          {t("quota.resets", { date: resets })} <UpgradeLink />
        </>
      )}
    </p>
  );
}

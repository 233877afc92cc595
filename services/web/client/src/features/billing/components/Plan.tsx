// The user's plan: what it gives now (their entitlements), its renewal, the Customer Portal.
import { useTranslation } from "react-i18next";
import { formatDate } from "../../../app/format.ts";
import { useAction, useQuery } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { getEntitlements, openPortal } from "../api/billing.ts";
import type { BillingState } from "../api/billing.ts";
import { EntitlementList } from "./EntitlementList.tsx";

export function Plan({ billing }: { billing: BillingState }) {
  const { t, i18n } = useTranslation();
  const entitlements = useQuery(getEntitlements, [billing.plan]);
  const portal = useAction(openPortal);
  const active = billing.subscriptions.find((s) => s.status === "active" || s.status === "trialing");
  return (
    <div className="card">
      <p>
        {t("billing.currentPlan")} <strong>{t(`billing.plans.${billing.plan}`)}</strong>
      </p>
      {entitlements.data && (
        <EntitlementList
          entitlements={entitlements.data.entitlements}
          label={t("billing.yourEntitlements")}
        />
      )}
      {active?.currentPeriodEnd != null && (
        <p>
          {t(active.cancelAtPeriodEnd ? "billing.endsOn" : "billing.renewsOn", {
            date: formatDate(i18n.language, active.currentPeriodEnd),
          })}
        </p>
      )}
      <ProblemAlert problem={portal.problem ?? entitlements.problem} />
      {billing.subscriptions.length > 0 && (
        <button
          type="button"
          className="secondary"
          disabled={portal.pending}
          onClick={() =>
            void portal.run().then((session) => {
              if (session) location.assign(session.url);
            })
          }
        >
          {t("billing.manage")}
        </button>
      )}
    </div>
  );
}

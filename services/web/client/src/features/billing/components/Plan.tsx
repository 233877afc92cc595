// The user's plan: upgrade through Stripe Checkout, or manage the subscription in the Customer Portal.
import { useTranslation } from "react-i18next";
import { formatDate } from "../../../app/format.ts";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { openPortal, startCheckout } from "../api/billing.ts";
import type { BillingState } from "../api/billing.ts";

/** Leaves for Stripe's hosted page. */
const go = (session: { url: string } | undefined) => {
  if (session) location.assign(session.url);
};

export function Plan({ billing }: { billing: BillingState }) {
  const { t, i18n } = useTranslation();
  const checkout = useAction(startCheckout);
  const portal = useAction(openPortal);
  const active = billing.subscriptions.find((s) => s.status === "active" || s.status === "trialing");
  return (
    <div className="card">
      <p>
        {t("billing.currentPlan")} <strong>{t(`billing.plans.${billing.plan}`)}</strong>
      </p>
      {active?.currentPeriodEnd != null && (
        <p>
          {t(active.cancelAtPeriodEnd ? "billing.endsOn" : "billing.renewsOn", {
            date: formatDate(i18n.language, active.currentPeriodEnd),
          })}
        </p>
      )}
      <ProblemAlert problem={checkout.problem ?? portal.problem} />
      <div className="row">
        {billing.plan === "free" && (
          <button type="button" disabled={checkout.pending} onClick={() => void checkout.run().then(go)}>
            {t("billing.upgrade")}
          </button>
        )}
        {billing.subscriptions.length > 0 && (
          <button
            type="button"
            className="secondary"
            disabled={portal.pending}
            onClick={() => void portal.run().then(go)}
          >
            {t("billing.manage")}
          </button>
        )}
      </div>
    </div>
  );
}

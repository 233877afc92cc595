// The plans as Stripe prices them, with what each gives; the user's own plan is marked, and the
// others lead to Checkout.
import { useTranslation } from "react-i18next";
import { formatMoney } from "../../../app/format.ts";
import { useAction, useQuery } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { getPlans, startCheckout } from "../api/billing.ts";
import type { Plan } from "../api/billing.ts";
import { EntitlementList } from "./EntitlementList.tsx";

function price(plan: Plan, language: string, t: ReturnType<typeof useTranslation>["t"]): string {
  if (plan.amount === 0 || plan.interval === null) return t("billing.freePrice");
  return t(`billing.every.${plan.interval}`, { price: formatMoney(language, plan.amount, plan.currency) });
}

export function Plans({ current }: { current: "free" | "premium" }) {
  const { t, i18n } = useTranslation();
  const plans = useQuery(getPlans);
  const checkout = useAction(startCheckout);
  if (!plans.data) return <ProblemAlert problem={plans.problem} />;
  return (
    <>
      <ProblemAlert problem={checkout.problem} />
      <ul className="list">
        {plans.data.map((plan) => {
          const mine = (plan.id === "free") === (current === "free");
          // The free plan is Phoenix's own (not a Stripe product): its name is in the catalogue.
          const name = plan.id === "free" ? t("billing.plans.free") : plan.name;
          return (
            <li key={plan.id}>
              <div>
                <h3>{name}</h3>
                <p>{price(plan, i18n.language, t)}</p>
                <EntitlementList
                  entitlements={plan.entitlements}
                  label={t("billing.gives", { plan: name })}
                />
              </div>
              {mine ? (
                <p>
                  <strong>{t("billing.yourPlan")}</strong>
                </p>
              ) : (
                current === "free" && (
                  <button
                    type="button"
                    disabled={checkout.pending}
                    onClick={() =>
                      void checkout.run().then((session) => {
                        if (session) location.assign(session.url);
                      })
                    }
                  >
                    {t("billing.choose", { plan: name })}
                  </button>
                )
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

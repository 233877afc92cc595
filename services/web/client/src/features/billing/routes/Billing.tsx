// Billing: the plan and its entitlements, the plans (Checkout), the Customer Portal, invoices. Back from Checkout (/billing/success)
// the page looks again every second until Stripe's webhook has made the plan Premium.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "wouter";
import { useQuery } from "../../../app/use-api.ts";
import { ProblemAlert, Status } from "../../../components/Alert.tsx";
import { Page } from "../../../components/Page.tsx";
import { getBilling } from "../api/billing.ts";
import { Invoices } from "../components/Invoices.tsx";
import { Plan } from "../components/Plan.tsx";
import { Plans } from "../components/Plans.tsx";

const POLL_MS = 1000;

export default function Billing() {
  const { t } = useTranslation();
  const { outcome } = useParams<{ outcome?: string }>();
  const billing = useQuery(getBilling);
  const { data, reload } = billing;
  const waiting = outcome === "success" && data?.plan === "free";

  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => void reload(), POLL_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [waiting, data, reload]);

  return (
    <Page title={t("billing.title")}>
      <Status>
        {outcome === "success"
          ? t(waiting ? "billing.confirming" : "billing.thanks")
          : outcome === "cancelled"
            ? t("billing.cancelled")
            : undefined}
      </Status>
      <ProblemAlert problem={billing.problem} />
      {data && (
        <>
          <section aria-labelledby="plan-title">
            <h2 id="plan-title">{t("billing.planTitle")}</h2>
            <Plan billing={data} />
          </section>
          <section aria-labelledby="plans-title">
            <h2 id="plans-title">{t("billing.plansTitle")}</h2>
            <Plans current={data.plan} />
          </section>
          <section aria-labelledby="invoices-title">
            <h2 id="invoices-title">{t("billing.invoicesTitle")}</h2>
            <Invoices plan={data.plan} />
          </section>
        </>
      )}
    </Page>
  );
}

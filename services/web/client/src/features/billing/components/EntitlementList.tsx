// What a plan gives, product by product: "SMS: 50 a day", "Letters: unlimited".
import { useTranslation } from "react-i18next";
import { products } from "../api/billing.ts";
import type { Entitlements } from "../api/billing.ts";

export function EntitlementList({ entitlements, label }: { entitlements: Entitlements; label: string }) {
  const { t } = useTranslation();
  const given = products.flatMap((product) => {
    const entitlement = entitlements[product];
    return entitlement ? [{ product, ...entitlement }] : [];
  });
  if (given.length === 0) return null;
  return (
    <ul aria-label={label}>
      {given.map(({ product, limit, period }) => (
        <li key={product}>
          {t("billing.entitlement", {
            product: t(`billing.products.${product}`),
            amount: limit === null ? t("billing.unlimited") : t(`billing.per.${period}`, { count: limit }),
          })}
        </li>
      ))}
    </ul>
  );
}

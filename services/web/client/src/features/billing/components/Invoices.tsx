// The user's invoices: amount in their currency and language, status, Stripe's hosted invoice page.
import { useTranslation } from "react-i18next";
import { formatMoney } from "../../../app/format.ts";
import type { Invoice } from "../api/billing.ts";
import { TableWrap } from "../../../components/TableWrap.tsx";

const statuses = ["draft", "open", "paid", "void", "uncollectible"] as const;
type Status = (typeof statuses)[number];
const isStatus = (value: string): value is Status => (statuses as readonly string[]).includes(value);

export function Invoices({ invoices }: { invoices: Invoice[] }) {
  const { t, i18n } = useTranslation();
  if (invoices.length === 0) return <p>{t("billing.noInvoices")}</p>;
  return (
    <TableWrap label={t("billing.invoicesTitle")}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("billing.invoiceAmount")}</th>
            <th scope="col">{t("billing.invoiceStatus")}</th>
            <th scope="col">{t("billing.invoiceLink")}</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <td>
                {invoice.currency === null
                  ? "—"
                  : formatMoney(i18n.language, invoice.amountDue, invoice.currency)}
              </td>
              <td>
                {isStatus(invoice.status) ? t(`billing.invoiceStatuses.${invoice.status}`) : invoice.status}
              </td>
              <td>
                {invoice.hostedInvoiceUrl !== null && (
                  <a href={invoice.hostedInvoiceUrl}>{t("billing.viewInvoice")}</a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

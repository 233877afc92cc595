// The user's invoices as Stripe has them: date, number, amount in their currency and language,
// status, Stripe's hosted invoice page and PDF.
import { useTranslation } from "react-i18next";
import { formatDate, formatMoney } from "../../../app/format.ts";
import { useQuery } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { TableWrap } from "../../../components/TableWrap.tsx";
import { getInvoices } from "../api/billing.ts";

const statuses = ["draft", "open", "paid", "void", "uncollectible"] as const;
type Status = (typeof statuses)[number];
const isStatus = (value: string | null): value is Status =>
  value !== null && (statuses as readonly string[]).includes(value);

export function Invoices({ plan }: { plan: string }) {
  const { t, i18n } = useTranslation();
  const invoices = useQuery(getInvoices, [plan]);
  if (!invoices.data) return <ProblemAlert problem={invoices.problem} />;
  if (invoices.data.length === 0) return <p>{t("billing.noInvoices")}</p>;
  return (
    <TableWrap label={t("billing.invoicesTitle")}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("billing.invoiceDate")}</th>
            <th scope="col">{t("billing.invoiceAmount")}</th>
            <th scope="col">{t("billing.invoiceStatus")}</th>
            <th scope="col">{t("billing.invoiceLink")}</th>
          </tr>
        </thead>
        <tbody>
          {invoices.data.map((invoice) => (
            <tr key={invoice.id}>
              <td>{formatDate(i18n.language, invoice.created, "medium")}</td>
              <td>{formatMoney(i18n.language, invoice.amountDue, invoice.currency)}</td>
              <td>{isStatus(invoice.status) ? t(`billing.invoiceStatuses.${invoice.status}`) : "—"}</td>
              <td>
                {invoice.hostedInvoiceUrl !== null && (
                  <a href={invoice.hostedInvoiceUrl}>
                    {t("billing.viewInvoice", { number: invoice.number ?? invoice.id })}
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

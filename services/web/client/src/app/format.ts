// Dates and money in the reader's language, through Intl.

export function formatDate(language: string, iso: string, style: "long" | "medium" = "long"): string {
  return new Intl.DateTimeFormat(language, { dateStyle: style }).format(new Date(iso));
}

export function formatDateTime(language: string, iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: "medium",
    timeStyle: "short",
    ...(timeZone !== undefined && { timeZone }),
  }).format(new Date(iso));
}

/** An amount in the currency's minor unit (Stripe's: cents for EUR, yen for JPY). */
export function formatMoney(language: string, minor: number, currency: string): string {
  const format = new Intl.NumberFormat(language, { style: "currency", currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

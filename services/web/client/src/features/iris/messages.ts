// The iris namespace (messages/<lang>/iris.json) for the chat and the journal. The shell's i18next
// is typed and loaded for "app" only; this adds the iris bundles on first use (synchronously, both
// languages, so switching language needs no load) and types the keys from the French catalogue.
import i18next from "i18next";
import { useTranslation } from "react-i18next";
import en from "../../../../messages/en/iris.json";
import fr from "../../../../messages/fr/iris.json";

type Leaves<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}`;
}[keyof T & string];

export type IrisKey = Leaves<typeof fr>;
export type IrisT = (key: IrisKey, values?: Record<string, string | number>) => string;

function ensureBundles(): void {
  if (i18next.hasResourceBundle("fr", "iris")) return;
  i18next.addResourceBundle("fr", "iris", fr);
  i18next.addResourceBundle("en", "iris", en);
}

/** t for the iris namespace; re-renders on a language change like useTranslation. */
export function useIrisT(): { t: IrisT; language: string } {
  const { i18n } = useTranslation();
  ensureBundles();
  const translate = i18n.t.bind(i18n) as unknown as (key: string, options: object) => string;
  return { t: (key, values = {}) => translate(key, { ...values, ns: "iris" }), language: i18n.language };
}

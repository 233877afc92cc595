// Message keys are typed from the French catalogue: t("a.missing.key") does not compile.
import type fr from "../../../messages/fr/app.json";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "app";
    resources: { app: typeof fr };
    returnNull: false;
  }
}

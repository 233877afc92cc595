// The shell around every page: a skip link, the header (brand, navigation when signed in, language,
// log out) and the main landmark the skip link and each page's heading lead to.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { useAuth } from "./auth.tsx";
import { api } from "./api.ts";
import { CareerNavItems } from "../features/career/Navigation.tsx";
import { IrisNavItems } from "../features/iris/Navigation.tsx";
import { changeLanguage, currentLanguage } from "./i18n.ts";
import type { Language } from "./i18n.ts";

const navigation = [
  ["/today", "shell.nav.today"],
  ["/onboarding", "shell.nav.onboarding"],
  ["/billing", "shell.nav.billing"],
  ["/privacy", "shell.nav.privacy"],
  ["/account", "shell.nav.account"],
] as const;

function Navigation({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const items = admin ? [...navigation, ["/admin", "shell.nav.admin"] as const] : navigation;
  return (
    <nav aria-label={t("shell.nav.label")}>
      <ul>
        {items.map(([path, key]) => (
          <li key={path}>
            <Link href={path} aria-current={location === path ? "page" : undefined}>
              {t(key)}
            </Link>
          </li>
        ))}
        <IrisNavItems />
        <CareerNavItems />
      </ul>
    </nav>
  );
}

function LanguageSwitch() {
  const { t } = useTranslation();
  const { state, setProfile } = useAuth();
  const other: Language = currentLanguage() === "fr" ? "en" : "fr";
  const switchLanguage = async () => {
    await changeLanguage(other);
    // Signed in, the language is the user's preference: the assistant's texts follow it too.
    if (state.status === "signedIn") {
      const { data } = await api.PATCH("/v1/me", { body: { language: other } });
      if (data) setProfile(data);
    }
  };
  return (
    <button type="button" className="link-button" lang={other} onClick={() => void switchLanguage()}>
      {t("shell.switchLanguage")}
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { state, signOut } = useAuth();
  const signedIn = state.status === "signedIn";
  return (
    <>
      <a className="skip-link" href="#main">
        {t("shell.skipToContent")}
      </a>
      <header className="site-header">
        <Link href={signedIn ? "/today" : "/login"} className="brand">
          {t("shell.brand")}
        </Link>
        {signedIn && <Navigation admin={state.profile.roles.includes("admin")} />}
        <div className="header-actions">
          <LanguageSwitch />
          {signedIn && (
            <button type="button" className="link-button" onClick={() => void signOut()}>
              {t("shell.logout")}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

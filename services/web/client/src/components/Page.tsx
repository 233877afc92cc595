// A page's heading and document title; after a navigation inside the app the heading takes focus,
// so a screen reader announces where the user arrived. The first page of a visit leaves focus
// where the browser put it: the first Tab still reaches the skip link.
import { useEffect, useRef } from "react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

let navigated = false;

export function Page({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — ${t("shell.brand")}`;
  }, [title, t]);
  useEffect(() => {
    if (navigated) heading.current?.focus();
    navigated = true;
  }, []);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}

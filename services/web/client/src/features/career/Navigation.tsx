// The shell's navigation entries of the career pages (CV, Mirror Match, letters), in the career
// namespace. An entry is current on its page and on the pages under it (/cv/<id>).
import { Link, useLocation } from "wouter";
import { useCareerT } from "./messages.ts";

export function CareerNavItems() {
  const { t } = useCareerT();
  const [location] = useLocation();
  const items = [
    ["/cv", t("nav.cv")],
    ["/mirror-match", t("nav.match")],
    ["/letters", t("nav.letters")],
  ] as const;
  return (
    <>
      {items.map(([path, label]) => (
        <li key={path}>
          <Link
            href={path}
            aria-current={location === path || location.startsWith(`${path}/`) ? "page" : undefined}
          >
            {label}
          </Link>
        </li>
      ))}
    </>
  );
}

// The shell's navigation entries of the coach and the journal (the shell's list holds the "app"
// namespace's keys; these are iris's).
import { Link, useLocation } from "wouter";
import { useIrisT } from "./messages.ts";

export function IrisNavItems() {
  const { t } = useIrisT();
  const [location] = useLocation();
  return (
    <>
      {(
        [
          ["/chat", t("nav.chat")],
          ["/journal", t("nav.journal")],
        ] as const
      ).map(([path, label]) => (
        <li key={path}>
          <Link href={path} aria-current={location === path ? "page" : undefined}>
            {label}
          </Link>
        </li>
      ))}
    </>
  );
}

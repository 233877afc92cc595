// Events per app and per day (UTC), the last two weeks: one row a day, one column an app.
import { useTranslation } from "react-i18next";
import { formatDate } from "../../../app/format.ts";
import { useQuery } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { TableWrap } from "../../../components/TableWrap.tsx";
import { getDailyEvents } from "../api/admin.ts";
import type { DailyCount } from "../api/admin.ts";

const DAYS = 14;

/** Rows of days (newest first) and the apps seen, with each day's count per app. */
export function pivot(counts: DailyCount[]): {
  apps: string[];
  days: Array<{ day: string; counts: number[] }>;
} {
  const apps = [...new Set(counts.map((c) => c.sourceApp))].sort();
  const days = [...new Set(counts.map((c) => c.day))].sort().reverse();
  const count = (day: string, app: string) =>
    counts.find((c) => c.day === day && c.sourceApp === app)?.count ?? 0;
  return { apps, days: days.map((day) => ({ day, counts: apps.map((app) => count(day, app)) })) };
}

export function DailyEvents() {
  const { t, i18n } = useTranslation();
  const daily = useQuery(() => getDailyEvents(DAYS));
  if (!daily.data) return <ProblemAlert problem={daily.problem} />;
  const { apps, days } = pivot(daily.data);
  if (days.length === 0) return <p>{t("admin.events.none")}</p>;
  return (
    <TableWrap label={t("admin.events.dailyTitle")}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("admin.events.day")}</th>
            {apps.map((app) => (
              <th scope="col" key={app}>
                {app}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map(({ day, counts }) => (
            <tr key={day}>
              <th scope="row">{formatDate(i18n.language, `${day}T12:00:00Z`, "medium")}</th>
              {counts.map((count, index) => (
                <td key={apps[index]}>{new Intl.NumberFormat(i18n.language).format(count)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

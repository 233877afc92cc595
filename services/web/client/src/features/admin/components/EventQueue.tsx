// The event store's queue: pending and processed events, the maintenance queue's jobs; "process
// now" queues one run (a run already waiting is not queued twice).
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../../app/format.ts";
import { useAction, useQuery } from "../../../app/use-api.ts";
import { ProblemAlert, Status } from "../../../components/Alert.tsx";
import { getEventStatus, processEventsNow } from "../api/admin.ts";

export function EventQueue() {
  const { t, i18n } = useTranslation();
  const status = useQuery(getEventStatus);
  const process = useAction(async () => {
    const queued = await processEventsNow();
    await status.reload();
    return queued;
  });
  const when = (iso: string | null) => (iso === null ? "—" : formatDateTime(i18n.language, iso));
  const data = status.data;
  return (
    <>
      <ProblemAlert problem={status.problem ?? process.problem} />
      {data && (
        <dl className="facts">
          <dt>{t("admin.events.pending")}</dt>
          <dd>{data.pending}</dd>
          <dt>{t("admin.events.processed")}</dt>
          <dd>{data.processed}</dd>
          <dt>{t("admin.events.oldestPending")}</dt>
          <dd>{when(data.oldestPendingAt)}</dd>
          <dt>{t("admin.events.lastProcessed")}</dt>
          <dd>{when(data.lastProcessedAt)}</dd>
          <dt>{t("admin.events.jobs")}</dt>
          <dd>{t("admin.events.jobCounts", data.maintenance)}</dd>
        </dl>
      )}
      <div className="row">
        <button type="button" disabled={process.pending} onClick={() => void process.run()}>
          {t("admin.events.processNow")}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={status.loading}
          onClick={() => void status.reload()}
        >
          {t("admin.events.refresh")}
        </button>
      </div>
      <Status>
        {process.pending
          ? undefined
          : status.data && t("admin.events.asOf", { time: new Date().toLocaleTimeString(i18n.language) })}
      </Status>
    </>
  );
}

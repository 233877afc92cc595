// The journal: write a short note; each note shows its themes and mood with the words behind them
// and the energy check-ins of its day; the chart shows mood and energy over 30 days.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useQuery } from "../../../app/use-api.ts";
import { Page } from "../../../components/Page.tsx";
import { IrisProblem, deleteEntry, journalTrend, listEntries, writeEntry } from "../../iris/api/iris.ts";
import type { JournalEntry } from "../../iris/api/iris.ts";
import { useIrisT } from "../../iris/messages.ts";
import type { IrisKey } from "../../iris/messages.ts";
import { TrendChart } from "../components/TrendChart.tsx";
import "../../iris/iris.css";

function Entry({ entry, onDelete }: { entry: JournalEntry; onDelete: () => void }) {
  const { t, language } = useIrisT();
  const { analysis, energy } = entry;
  const day = new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(entry.day),
  );
  const words = analysis.sentiment.hits.map((hit) => hit.word).join(", ");
  const themes = analysis.themes.map((theme) => t(`journal.themeNames.${theme.theme}` as IrisKey)).join(", ");
  return (
    <li>
      <p className="iris-author">{day}</p>
      <p className="iris-text">{entry.text}</p>
      <p>
        {t("journal.themes")} {themes === "" ? t("journal.noTheme") : themes}
      </p>
      <p>
        {t("journal.mood")} {t(`journal.moodLabels.${analysis.sentiment.label}`)}
        {words !== "" && ` (${t("journal.because", { words })})`}
      </p>
      <p>
        {energy.average === null ? t("journal.noEnergy") : t("journal.energy", { energy: energy.average })}
      </p>
      <button type="button" className="link-button" onClick={onDelete}>
        {t("journal.delete", { day })}
      </button>
    </li>
  );
}

export default function JournalPage() {
  const { t } = useIrisT();
  const entries = useQuery(listEntries);
  const trend = useQuery(journalTrend);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string>();
  const reload = async () => {
    await Promise.all([entries.reload(), trend.reload()]);
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    try {
      await writeEntry(text);
      setText("");
      setProblem(undefined);
      await reload();
    } catch (error) {
      setProblem(
        error instanceof IrisProblem && error.reason !== undefined ? error.reason : t("chat.failed"),
      );
    }
  };
  return (
    <Page title={t("journal.title")}>
      <p>{t("journal.intro")}</p>
      <form onSubmit={(event) => void submit(event)} className="iris-composer">
        <label htmlFor="journal-entry">{t("journal.entryLabel")}</label>
        <textarea
          id="journal-entry"
          rows={4}
          maxLength={2000}
          value={text}
          aria-invalid={problem !== undefined}
          aria-describedby={problem === undefined ? undefined : "journal-problem"}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
        {problem !== undefined && (
          <p id="journal-problem" className="field-error">
            {problem}
          </p>
        )}
        <button type="submit">{t("journal.write")}</button>
      </form>
      <section aria-labelledby="journal-trend">
        <h2 id="journal-trend">{t("journal.trendTitle")}</h2>
        {trend.data && <TrendChart trend={trend.data} />}
      </section>
      <section aria-labelledby="journal-entries">
        <h2 id="journal-entries">{t("journal.entries")}</h2>
        {entries.data?.length === 0 && <p>{t("journal.noEntries")}</p>}
        <ul className="iris-messages">
          {entries.data?.map((entry) => (
            <Entry key={entry.id} entry={entry} onDelete={() => void deleteEntry(entry.id).then(reload)} />
          ))}
        </ul>
      </section>
    </Page>
  );
}

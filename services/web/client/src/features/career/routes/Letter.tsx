// One letter: its current text to edit (saving keeps the text as a new version), every version
// listed (one can be taken back into the editor), and the exports of the current version.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { Link, useParams } from "wouter";
import { Status } from "../../../components/Alert.tsx";
import { Page } from "../../../components/Page.tsx";
import { download, editLetter, getLetter } from "../api/career.ts";
import type { LetterRecord } from "../api/career.ts";
import { CareerAlert } from "../components/CareerAlert.tsx";
import { TextArea } from "../components/Inputs.tsx";
import { useCareerT } from "../messages.ts";
import type { CareerKey } from "../messages.ts";
import { useLoad, useTask } from "../use-career.ts";
import "../career.css";

const sourceKey: Partial<Record<string, CareerKey>> = {
  template: "letter.generated",
  edit: "letter.edited",
  rewrite: "letter.rewritten",
};

function Editor({ initial }: { initial: LetterRecord }) {
  const { t, language } = useCareerT();
  const [letter, setLetter] = useState(initial);
  const current = letter.versions.at(-1);
  const [text, setText] = useState(current?.text ?? "");
  const [status, setStatus] = useState<string>();
  const task = useTask();
  const dirty = text !== (current?.text ?? "");
  const when = (iso: string) =>
    new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

  const save = async (): Promise<boolean> => {
    const stored = await task.run(() => editLetter(letter.id, text));
    if (!stored) return false;
    setLetter(stored);
    return true;
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (await save()) setStatus(t("letter.saved"));
  };
  const exportAs = async (format: "pdf" | "docx") => {
    if (dirty && !(await save())) return;
    await task.run(() =>
      download(format === "pdf" ? "/v1/letters/{id}/pdf" : "/v1/letters/{id}/docx", letter.id),
    );
  };

  return (
    <>
      <form onSubmit={(event) => void submit(event)} className="career-card">
        <TextArea
          label={t("letter.text")}
          hint={t("letter.textHint")}
          value={text}
          rows={18}
          maxLength={20000}
          onChange={(next) => {
            setText(next);
            setStatus(undefined);
          }}
        />
        <div className="career-actions">
          <button type="submit" disabled={task.pending || !dirty}>
            {t("letter.save")}
          </button>
          <button type="button" disabled={task.pending} onClick={() => void exportAs("pdf")}>
            {t("editor.pdf")}
          </button>
          <button type="button" disabled={task.pending} onClick={() => void exportAs("docx")}>
            {t("editor.docx")}
          </button>
        </div>
        <Status>{status}</Status>
        <CareerAlert error={task.error} />
      </form>
      <section aria-labelledby="letter-versions" className="career-section">
        <h2 id="letter-versions">{t("letter.versions")}</h2>
        <ol className="career-list">
          {letter.versions.map((version) => (
            <li key={version.id}>
              {t(sourceKey[version.source] ?? "letter.generated", {
                n: version.version,
                date: when(version.createdAt),
              })}{" "}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setText(version.text);
                  setStatus(undefined);
                }}
              >
                {t("letter.restore", { n: version.version })}
              </button>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export default function Letter() {
  const { t } = useCareerT();
  const { id } = useParams<{ id: string }>();
  const letter = useLoad(() => getLetter(id), [id]);
  const record = letter.data?.id === id ? letter.data : undefined;
  return (
    <Page title={record ? t("letter.title", { role: record.role }) : t("letters.title")}>
      <p>
        <Link href="/letters">{t("letter.back")}</Link>
      </p>
      <CareerAlert error={letter.error} />
      {record && <Editor key={id} initial={record} />}
    </Page>
  );
}

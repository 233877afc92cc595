// One letter: its current text to edit (saving keeps the text as a new version), every version
// listed (one can be taken back into the editor), and the exports of the current version.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { Link, useParams } from "wouter";
import { Status } from "../../../components/Alert.tsx";
import { Page } from "../../../components/Page.tsx";
import { canRewrite, download, editLetter, getLetter, rewriteLetter } from "../api/career.ts";
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

type Version = LetterRecord["versions"][number];

/** Every version, oldest first; any one can be taken back into the editor. */
function Versions({ versions, onRestore }: { versions: Version[]; onRestore: (version: Version) => void }) {
  const { t, language } = useCareerT();
  const when = (iso: string) =>
    new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  return (
    <section aria-labelledby="letter-versions" className="career-section">
      <h2 id="letter-versions">{t("letter.versions")}</h2>
      <ol className="career-list">
        {versions.map((version) => (
          <li key={version.id}>
            {t(sourceKey[version.source] ?? "letter.generated", {
              n: version.version,
              date: when(version.createdAt),
            })}{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                onRestore(version);
              }}
            >
              {t("letter.restore", { n: version.version })}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The rewrite through the LLM gateway, shown only when career has a model. */
function Rewrite({ pending, onRewrite }: { pending: boolean; onRewrite: () => void }) {
  const { t } = useCareerT();
  return (
    <div className="career-rewrite">
      <button type="button" disabled={pending} aria-describedby="letter-rewrite-hint" onClick={onRewrite}>
        {pending ? t("letter.rewriting") : t("letter.rewrite")}
      </button>
      <p id="letter-rewrite-hint" className="hint">
        {t("letter.rewriteHint")}
      </p>
    </div>
  );
}

function Editor({ initial, rewrite }: { initial: LetterRecord; rewrite: boolean }) {
  const { t } = useCareerT();
  const [letter, setLetter] = useState(initial);
  const current = letter.versions.at(-1);
  const [text, setText] = useState(current?.text ?? "");
  const [status, setStatus] = useState<string>();
  const task = useTask();
  const dirty = text !== (current?.text ?? "");

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
  const rewriteCurrent = async () => {
    if (dirty && !(await save())) return;
    const rewritten = await task.run(() => rewriteLetter(letter.id));
    if (!rewritten) return;
    setLetter(rewritten);
    setText(rewritten.versions.at(-1)?.text ?? "");
    setStatus(t("letter.rewrote"));
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
        {rewrite && <Rewrite pending={task.pending} onRewrite={() => void rewriteCurrent()} />}
        <Status>{status}</Status>
        <CareerAlert error={task.error} />
      </form>
      <Versions
        versions={letter.versions}
        onRestore={(version) => {
          setText(version.text);
          setStatus(undefined);
        }}
      />
    </>
  );
}

export default function Letter() {
  const { t } = useCareerT();
  const { id } = useParams<{ id: string }>();
  const letter = useLoad(() => getLetter(id), [id]);
  // Without a model the button is not shown; if the question fails, neither is it.
  const rewrite = useLoad(() => canRewrite().catch(() => false), []);
  const record = letter.data?.id === id ? letter.data : undefined;
  return (
    <Page title={record ? t("letter.title", { role: record.role }) : t("letters.title")}>
      <p>
        <Link href="/letters">{t("letter.back")}</Link>
      </p>
      <CareerAlert error={letter.error} />
      {record && <Editor key={id} initial={record} rewrite={rewrite.data === true} />}
    </Page>
  );
}

// The user's CVs, and the one next step to get one: start from scratch, or import the CV they
// already have (a PDF or DOCX parsed into sections, or a JSON Resume file). A new CV opens in the
// editor; an imported one with a note to check what was read. Each counts against the quota.
import { useId, useState } from "react";
import type { SubmitEvent } from "react";
import { Link, useLocation } from "wouter";
import { Field } from "../../../components/Field.tsx";
import { Page } from "../../../components/Page.tsx";
import {
  CareerProblem,
  createCv,
  cvQuota,
  deleteCv,
  importJsonResume,
  listCvs,
  uploadCv,
} from "../api/career.ts";
import { CareerAlert } from "../components/CareerAlert.tsx";
import { Quota } from "../components/Quota.tsx";
import { emptyCv } from "../cv-form.ts";
import { useCareerT } from "../messages.ts";
import { useLoad, useTask } from "../use-career.ts";
import "../career.css";

const isJson = (file: File) => file.name.toLowerCase().endsWith(".json") || file.type === "application/json";

/** A JSON Resume file's document; a file that is not JSON is career's invalid_cv, said locally. */
async function readJson(file: File): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await file.text()) as Record<string, unknown>;
  } catch {
    throw new CareerProblem(400, { error: "invalid_json", message: "not JSON", reason: undefined });
  }
}

function Scratch({ onMade }: { onMade: (id: string) => void }) {
  const { t, language } = useCareerT();
  const task = useTask();
  const [name, setName] = useState("");
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const made = await task.run(() => createCv(emptyCv(name.trim(), language), name.trim()));
    if (made) onMade(made.id);
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="career-card">
      <h3>{t("list.scratch")}</h3>
      <Field
        label={t("editor.basics.name")}
        value={name}
        required
        maxLength={120}
        autoComplete="name"
        onChange={(event) => {
          setName(event.target.value);
        }}
      />
      <button type="submit" disabled={task.pending}>
        {t("list.create")}
      </button>
      <CareerAlert error={task.error} />
    </form>
  );
}

function Import({ onMade }: { onMade: (id: string) => void }) {
  const { t } = useCareerT();
  const task = useTask();
  const id = useId();
  const [file, setFile] = useState<File>();
  const [keep, setKeep] = useState(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!file) return;
    const made = await task.run(async () =>
      isJson(file) ? importJsonResume(await readJson(file)) : uploadCv(file, keep),
    );
    if (made) onMade(made.id);
  };
  const invalidJson = task.error instanceof CareerProblem && task.error.code === "invalid_json";
  return (
    <form onSubmit={(event) => void submit(event)} className="career-card">
      <h3>{t("list.import")}</h3>
      <div className="field">
        <label htmlFor={id}>{t("list.file")}</label>
        <p id={`${id}-hint`} className="hint">
          {t("list.fileHint")}
        </p>
        <input
          id={id}
          type="file"
          required
          accept=".pdf,.docx,.json,application/pdf,application/json,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setFile(event.target.files?.[0]);
          }}
        />
      </div>
      {file && !isJson(file) && (
        <div className="field-check">
          <input
            id={`${id}-keep`}
            type="checkbox"
            checked={keep}
            onChange={(event) => {
              setKeep(event.target.checked);
            }}
          />
          <label htmlFor={`${id}-keep`}>{t("list.keep")}</label>
        </div>
      )}
      <button type="submit" disabled={task.pending || !file}>
        {task.pending ? t("list.reading") : t("list.importButton")}
      </button>
      {invalidJson ? (
        <div role="alert" className="alert">
          {t("list.notJson")}
        </div>
      ) : (
        <CareerAlert error={task.error} />
      )}
    </form>
  );
}

interface CvItemProps {
  cv: { id: string; title: string; updatedAt: string };
  updated: string;
  onDeleted: () => void;
}

/** One CV of the list, with its deletion asked twice in place (no dialog to lose the focus in). */
function CvItem({ cv, updated, onDeleted }: CvItemProps) {
  const { t } = useCareerT();
  const task = useTask();
  const [asking, setAsking] = useState(false);
  const remove = async () => {
    const done = await task.run(async () => {
      await deleteCv(cv.id);
      return true;
    });
    if (done) onDeleted();
  };
  return (
    <li>
      <Link href={`/cv/${cv.id}`}>{cv.title}</Link> <span className="hint">{updated}</span>{" "}
      {asking ? (
        <span role="group" aria-label={t("list.deleteAsk", { title: cv.title })} className="career-confirm">
          <span>{t("list.deleteAsk", { title: cv.title })}</span>{" "}
          <button type="button" disabled={task.pending} onClick={() => void remove()}>
            {t("list.deleteYes")}
          </button>{" "}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setAsking(false);
            }}
          >
            {t("list.deleteNo")}
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setAsking(true);
          }}
        >
          {t("list.delete", { title: cv.title })}
        </button>
      )}
      <CareerAlert error={task.error} />
    </li>
  );
}

export default function Cvs() {
  const { t, language } = useCareerT();
  const [, navigate] = useLocation();
  const cvs = useLoad(listCvs);
  const quota = useLoad(cvQuota);
  const dateOf = (iso: string) =>
    new Intl.DateTimeFormat(language, { dateStyle: "long" }).format(new Date(iso));
  const open = (id: string, imported: boolean) => {
    navigate(imported ? `/cv/${id}?imported=1` : `/cv/${id}`);
  };
  return (
    <Page title={t("list.title")}>
      <p>{t("list.intro")}</p>
      <Quota quota={quota.data} />
      <section aria-labelledby="career-new" className="career-section">
        <h2 id="career-new">{t("list.new")}</h2>
        <div className="career-choices">
          <Import
            onMade={(id) => {
              open(id, true);
            }}
          />
          <Scratch
            onMade={(id) => {
              open(id, false);
            }}
          />
        </div>
      </section>
      <section aria-labelledby="career-yours" className="career-section">
        <h2 id="career-yours">{t("list.yours")}</h2>
        <CareerAlert error={cvs.error} />
        {cvs.data?.length === 0 && <p>{t("list.none")}</p>}
        {cvs.data && cvs.data.length > 0 && (
          <ul className="career-list">
            {cvs.data.map((cv) => (
              <CvItem
                key={cv.id}
                cv={cv}
                updated={t("list.updated", { date: dateOf(cv.updatedAt) })}
                onDeleted={() => void cvs.reload()}
              />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

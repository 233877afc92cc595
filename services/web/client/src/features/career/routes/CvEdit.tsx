// The CV editor: the sections on one side, the live preview on the other (stacked on a phone),
// the template and the CV's language above, save and the exports below. Exports are of the saved
// CV, so they save first when something changed. An imported CV opens with a note to check it.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { Link, useParams, useSearch } from "wouter";
import { SelectField, Field } from "../../../components/Field.tsx";
import { Status } from "../../../components/Alert.tsx";
import { Page } from "../../../components/Page.tsx";
import { cvTemplates, download, getCv, saveCv } from "../api/career.ts";
import type { Cv, CvRecord, TemplateId } from "../api/career.ts";
import { CareerAlert } from "../components/CareerAlert.tsx";
import { CvForm } from "../components/CvForm.tsx";
import { CvPreview } from "../components/CvPreview.tsx";
import { TemplatePicker } from "../components/TemplatePicker.tsx";
import { cleanCv } from "../cv-form.ts";
import { useCareerT } from "../messages.ts";
import { useLoad, useTask } from "../use-career.ts";
import "../career.css";

interface Draft {
  title: string;
  template: TemplateId;
  cv: Cv;
}

const draftOf = (record: CvRecord): Draft => ({
  title: record.title,
  template: record.template,
  cv: record.cv,
});

/** The CV's name (for the user), its language and its template. */
function Settings({ draft, change }: { draft: Draft; change: (next: Partial<Draft>) => void }) {
  const { t } = useCareerT();
  const templates = useLoad(cvTemplates);
  return (
    <>
      <Field
        label={t("editor.title")}
        hint={t("editor.titleHint")}
        value={draft.title}
        maxLength={120}
        onChange={(event) => {
          change({ title: event.target.value });
        }}
      />
      <SelectField
        label={t("editor.cvLanguage")}
        value={draft.cv.language}
        options={[
          { value: "fr", label: t("common.french") },
          { value: "en", label: t("common.english") },
        ]}
        onChange={(language) => {
          change({ cv: { ...draft.cv, language: language === "en" ? "en" : "fr" } });
        }}
      />
      {templates.data && (
        <TemplatePicker
          templates={templates.data}
          value={draft.template}
          onChange={(template) => {
            change({ template });
          }}
        />
      )}
    </>
  );
}

interface ActionsProps {
  dirty: boolean;
  pending: boolean;
  exportAs: (format: "pdf" | "docx") => void;
}

function Actions({ dirty, pending, exportAs }: ActionsProps) {
  const { t } = useCareerT();
  return (
    <div className="career-actions">
      <button type="submit" disabled={pending}>
        {t("editor.save")}
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={() => {
          exportAs("pdf");
        }}
      >
        {t("editor.pdf")}
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={() => {
          exportAs("docx");
        }}
      >
        {t("editor.docx")}
      </button>
      {dirty && <span className="hint">{t("editor.unsaved")}</span>}
    </div>
  );
}

function Editor({ record }: { record: CvRecord }) {
  const { t } = useCareerT();
  const imported = new URLSearchParams(useSearch()).get("imported") === "1";
  const [draft, setDraft] = useState<Draft>(() => draftOf(record));
  const [saved, setSaved] = useState<Draft>(() => draftOf(record));
  const [status, setStatus] = useState<string>();
  const task = useTask();
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const change = (next: Partial<Draft>) => {
    setStatus(undefined);
    setDraft({ ...draft, ...next });
  };

  const save = async (): Promise<boolean> => {
    const body = {
      title: draft.title.trim() || draft.cv.basics.name,
      template: draft.template,
      cv: cleanCv(draft.cv),
    };
    const stored = await task.run(() => saveCv(record.id, body));
    if (!stored) return false;
    setSaved(draft);
    return true;
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (await save()) setStatus(t("editor.saved"));
  };
  const exportAs = async (format: "pdf" | "docx") => {
    if (dirty && !(await save())) return;
    await task.run(() => download(format === "pdf" ? "/v1/cv/{id}/pdf" : "/v1/cv/{id}/docx", record.id));
  };

  return (
    <>
      {imported && <p className="career-note">{t("editor.imported")}</p>}
      <p className="career-jump">
        <a href="#career-preview-section">{t("editor.jump")}</a>
      </p>
      <form onSubmit={(event) => void submit(event)} className="career-editor">
        <div className="career-editor-form">
          <Settings draft={draft} change={change} />
          <CvForm
            cv={draft.cv}
            onChange={(cv) => {
              change({ cv });
            }}
          />
        </div>
        {/* Save and the exports sit with the preview: beside the form on a wide screen (the column
            stays in view while the form scrolls), right after it on a phone. */}
        <section
          aria-labelledby="career-preview"
          id="career-preview-section"
          className="career-editor-preview"
        >
          <h2 id="career-preview">{t("editor.preview")}</h2>
          <Actions dirty={dirty} pending={task.pending} exportAs={(format) => void exportAs(format)} />
          <Status>{status}</Status>
          <CareerAlert error={task.error} />
          <p className="hint">{t("editor.previewHint")}</p>
          <CvPreview cv={draft.cv} template={draft.template} label={t("editor.previewLabel")} />
        </section>
      </form>
      <p className="career-next">
        <Link href={`/mirror-match?cv=${record.id}`}>{t("editor.next")}</Link>
      </p>
    </>
  );
}

export default function CvEdit() {
  const { t } = useCareerT();
  const { id } = useParams<{ id: string }>();
  const record = useLoad(() => getCv(id), [id]);
  return (
    <Page title={t("editor.heading")}>
      <p>
        <Link href="/cv">{t("editor.back")}</Link>
      </p>
      <CareerAlert error={record.error} />
      {/* Keyed by id: a CV opened from another never shows the previous one's draft. */}
      {record.data?.id === id && <Editor key={id} record={record.data} />}
    </Page>
  );
}

// Mirror Match: paste a job offer (or send it as a PDF/DOCX), pick a CV, and read what matches,
// what is missing and what to change. The next step is a letter for that offer.
import { useId, useState } from "react";
import type { SubmitEvent } from "react";
import { Link, useSearch } from "wouter";
import { SelectField } from "../../../components/Field.tsx";
import { Page } from "../../../components/Page.tsx";
import { analyseOffer, analyseOfferFile, listCvs } from "../api/career.ts";
import type { Analysed } from "../api/career.ts";
import { AnalysisView } from "../components/AnalysisView.tsx";
import { CareerAlert } from "../components/CareerAlert.tsx";
import { TextArea } from "../components/Inputs.tsx";
import { useCareerT } from "../messages.ts";
import { useLoad, useTask } from "../use-career.ts";
import "../career.css";

type Result = Analysed & { cvId: string };
type Cvs = Awaited<ReturnType<typeof listCvs>>;

function OfferFile({ onFile }: { onFile: (file: File | undefined) => void }) {
  const { t } = useCareerT();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t("match.file")}</label>
      <p id={`${id}-hint`} className="hint">
        {t("match.fileHint")}
      </p>
      <input
        id={id}
        type="file"
        accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          onFile(event.target.files?.[0]);
        }}
      />
    </div>
  );
}

function MatchForm({
  cvs,
  asked,
  onResult,
}: {
  cvs: Cvs;
  asked: string;
  onResult: (result: Result) => void;
}) {
  const { t } = useCareerT();
  const [cvId, setCvId] = useState(asked);
  const [offer, setOffer] = useState("");
  const [file, setFile] = useState<File>();
  const [empty, setEmpty] = useState(false);
  const task = useTask();
  const chosen = cvId || cvs[0]?.id || "";

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const nothing = !file && offer.trim() === "";
    setEmpty(nothing);
    if (nothing) return;
    const answer = await task.run(() =>
      file ? analyseOfferFile(file, chosen) : analyseOffer(offer, chosen),
    );
    if (answer) onResult({ ...answer, cvId: chosen });
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="career-card">
      <SelectField
        label={t("match.cv")}
        value={chosen}
        options={cvs.map((cv) => ({ value: cv.id, label: cv.title }))}
        onChange={setCvId}
      />
      <TextArea
        label={t("match.offer")}
        hint={t("match.offerHint")}
        value={offer}
        rows={8}
        maxLength={20000}
        onChange={(text) => {
          setOffer(text);
          setEmpty(false);
        }}
      />
      <OfferFile
        onFile={(picked) => {
          setFile(picked);
          setEmpty(false);
        }}
      />
      {empty && (
        <p role="alert" className="field-error">
          {t("match.empty")}
        </p>
      )}
      <button type="submit" disabled={task.pending}>
        {task.pending ? t("match.analysing") : t("match.analyse")}
      </button>
      <CareerAlert error={task.error} />
    </form>
  );
}

export default function Match() {
  const { t } = useCareerT();
  const asked = new URLSearchParams(useSearch()).get("cv") ?? "";
  const cvs = useLoad(listCvs);
  const [result, setResult] = useState<Result>();
  return (
    <Page title={t("match.title")}>
      <p>{t("match.intro")}</p>
      <CareerAlert error={cvs.error} />
      {cvs.data?.length === 0 && (
        <p className="career-next">
          {t("match.noCv")} <Link href="/cv">{t("match.makeCv")}</Link>
        </p>
      )}
      {cvs.data && cvs.data.length > 0 && <MatchForm cvs={cvs.data} asked={asked} onResult={setResult} />}
      {result && (
        <>
          <AnalysisView analysis={result.analysis} />
          <p className="career-next">
            <Link href={`/letters?offer=${result.offerId}&cv=${result.cvId}`}>{t("match.next")}</Link>
          </p>
        </>
      )}
    </Page>
  );
}

// Letters: pick a CV and an offer (one Mirror Match analysed, or a new one pasted here, or just
// the role), the tone, the length and the language; career writes the letter from the CV's facts
// and the page opens it for editing. What is left of the month's free letters is shown; when none
// is, career's reason says what to do, with the link to Premium.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { Field, SelectField } from "../../../components/Field.tsx";
import { Page } from "../../../components/Page.tsx";
import {
  analyseOffer,
  generateLetter,
  letterTemplates,
  lettersQuota,
  listCvs,
  listLetters,
  listOffers,
} from "../api/career.ts";
import type { GenerateLetter } from "../api/career.ts";
import { CareerAlert } from "../components/CareerAlert.tsx";
import { Choice } from "../components/Choice.tsx";
import { TextArea } from "../components/Inputs.tsx";
import { Quota } from "../components/Quota.tsx";
import { useCareerT } from "../messages.ts";
import { useLoad, useTask } from "../use-career.ts";
import "../career.css";

const PASTE = "paste";
const NONE = "none";

type Options = Pick<GenerateLetter, "template" | "tone" | "length"> & { language: "fr" | "en" };

function useLetterForm() {
  const { language } = useCareerT();
  const search = new URLSearchParams(useSearch());
  const [cvId, setCvId] = useState(search.get("cv") ?? "");
  const [offerChoice, setOfferChoice] = useState(search.get("offer") ?? "");
  const [offerText, setOfferText] = useState("");
  const [role, setRole] = useState("");
  const [company, setCompany] = useState("");
  const [options, setOptions] = useState<Options>({
    template: "classic",
    tone: "formal",
    length: "standard",
    language,
  });
  return {
    cvId,
    setCvId,
    offerChoice,
    setOfferChoice,
    offerText,
    setOfferText,
    role,
    setRole,
    company,
    setCompany,
    options,
    set: (change: Partial<Options>) => {
      setOptions({ ...options, ...change });
    },
  };
}

type LetterForm = ReturnType<typeof useLetterForm>;

/** The generate request: the role and company only when typed (the offer's otherwise). */
function requestOf(form: LetterForm, cvId: string, offerId: string | undefined): GenerateLetter {
  const role = form.role.trim();
  const company = form.company.trim();
  return {
    cvId,
    ...(offerId !== undefined && { offerId }),
    ...(role !== "" && { role }),
    ...(company !== "" && { company }),
    ...form.options,
  };
}

function Options({ form }: { form: LetterForm }) {
  const { t } = useCareerT();
  const templates = useLoad(letterTemplates);
  return (
    <>
      {templates.data && (
        <SelectField
          label={t("letters.template")}
          value={form.options.template}
          options={templates.data.map((template) => {
            const name = t(`letters.templates.${template.id as "classic"}`);
            return template.locked
              ? { value: template.id, label: t("letters.lockedTemplate", { name }), disabled: true }
              : { value: template.id, label: name };
          })}
          onChange={(template) => {
            form.set({ template: template as Options["template"] });
          }}
        />
      )}
      <Choice
        legend={t("letters.tone")}
        value={form.options.tone}
        options={(["formal", "warm", "bold"] as const).map((value) => ({
          value,
          label: t(`letters.tones.${value}`),
        }))}
        onChange={(tone) => {
          form.set({ tone });
        }}
      />
      <Choice
        legend={t("letters.length")}
        value={form.options.length}
        options={(["short", "standard", "long"] as const).map((value) => ({
          value,
          label: t(`letters.lengths.${value}`),
        }))}
        onChange={(length) => {
          form.set({ length });
        }}
      />
      <Choice
        legend={t("letters.language")}
        value={form.options.language}
        options={[
          { value: "fr", label: t("common.french") },
          { value: "en", label: t("common.english") },
        ]}
        onChange={(language) => {
          form.set({ language });
        }}
      />
    </>
  );
}

/** The offer the letter is for: one analysed before, one pasted now (analysed first), or none. */
async function offerIdOf(choice: string, pasted: string, cvId: string): Promise<string | undefined> {
  if (choice === NONE) return undefined;
  if (choice === PASTE) return (await analyseOffer(pasted, cvId)).offerId;
  return choice;
}

type Offers = Awaited<ReturnType<typeof listOffers>>;

function OfferFields({ form, offers, choice }: { form: LetterForm; offers: Offers; choice: string }) {
  const { t } = useCareerT();
  const offerChoice = choice;
  return (
    <>
      <SelectField
        label={t("letters.offer")}
        value={offerChoice}
        options={[
          ...offers.map((offer) => ({
            value: offer.id,
            label: offer.company ? `${offer.title} · ${offer.company}` : offer.title,
          })),
          { value: PASTE, label: t("letters.pasteOffer") },
          { value: NONE, label: t("letters.noOffer") },
        ]}
        onChange={form.setOfferChoice}
      />
      {offerChoice === PASTE && (
        <TextArea
          label={t("match.offer")}
          hint={t("match.offerHint")}
          value={form.offerText}
          rows={6}
          maxLength={20000}
          onChange={form.setOfferText}
        />
      )}
      <Field
        label={t("letters.role")}
        hint={t(offerChoice === NONE ? "letters.roleNeeded" : "letters.roleHint")}
        value={form.role}
        maxLength={160}
        required={offerChoice === NONE}
        onChange={(event) => {
          form.setRole(event.target.value);
        }}
      />
      <Field
        label={t("letters.company")}
        value={form.company}
        maxLength={160}
        onChange={(event) => {
          form.setCompany(event.target.value);
        }}
      />
    </>
  );
}

type Cvs = Awaited<ReturnType<typeof listCvs>>;

function LetterFormView({ cvs, offers, onMade }: { cvs: Cvs; offers: Offers; onMade: () => void }) {
  const { t } = useCareerT();
  const [, navigate] = useLocation();
  const form = useLetterForm();
  const task = useTask();
  const cvId = form.cvId || (cvs[0]?.id ?? "");
  const offerChoice = form.offerChoice || (offers[0]?.id ?? PASTE);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const letter = await task.run(async () => {
      const offerId = await offerIdOf(offerChoice, form.offerText, cvId);
      return generateLetter(requestOf(form, cvId, offerId));
    });
    if (!letter) return;
    onMade();
    navigate(`/letters/${letter.id}`);
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="career-card">
      <SelectField
        label={t("match.cv")}
        value={cvId}
        options={cvs.map((cv) => ({ value: cv.id, label: cv.title }))}
        onChange={form.setCvId}
      />
      <OfferFields form={form} offers={offers} choice={offerChoice} />
      <Options form={form} />
      <button type="submit" disabled={task.pending}>
        {task.pending ? t("letters.writing") : t("letters.write")}
      </button>
      <CareerAlert error={task.error} />
    </form>
  );
}

/** The form once the CVs and offers are known; without a CV, the way to make one. */
function NewLetter({ onMade }: { onMade: () => void }) {
  const { t } = useCareerT();
  const cvs = useLoad(listCvs);
  const offers = useLoad(listOffers);
  if (cvs.data?.length === 0)
    return (
      <p className="career-next">
        {t("match.noCv")} <Link href="/cv">{t("match.makeCv")}</Link>
      </p>
    );
  if (!cvs.data || !offers.data) return <CareerAlert error={cvs.error ?? offers.error} />;
  return <LetterFormView cvs={cvs.data} offers={offers.data} onMade={onMade} />;
}

export default function Letters() {
  const { t, language } = useCareerT();
  const quota = useLoad(lettersQuota);
  const letters = useLoad(listLetters);
  const dateOf = (iso: string) =>
    new Intl.DateTimeFormat(language, { dateStyle: "long" }).format(new Date(iso));
  return (
    <Page title={t("letters.title")}>
      <p>{t("letters.intro")}</p>
      <Quota quota={quota.data} />
      <section aria-labelledby="letters-new" className="career-section">
        <h2 id="letters-new">{t("letters.new")}</h2>
        <NewLetter onMade={() => void quota.reload()} />
      </section>
      <section aria-labelledby="letters-yours" className="career-section">
        <h2 id="letters-yours">{t("letters.yours")}</h2>
        <CareerAlert error={letters.error} />
        {letters.data?.length === 0 && <p>{t("letters.none")}</p>}
        {letters.data && letters.data.length > 0 && (
          <ul className="career-list">
            {letters.data.map((letter) => (
              <li key={letter.id}>
                <Link href={`/letters/${letter.id}`}>
                  {letter.company ? `${letter.role} · ${letter.company}` : letter.role}
                </Link>{" "}
                <span className="hint">{t("list.updated", { date: dateOf(letter.updatedAt) })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

// The CV's sections as a form: contact, summary, then lists of entries (experience, education,
// skills, languages, interests) the user adds and removes. Every change goes up at once, so the
// preview beside the form follows the typing.
import type { ReactNode } from "react";
import { useId } from "react";
import { Field } from "../../../components/Field.tsx";
import type { Cv } from "../api/career.ts";
import { useCareerT } from "../messages.ts";
import type { CareerKey } from "../messages.ts";
import { ListInput, TextArea } from "./Inputs.tsx";

type Basics = Cv["basics"];
type ListName = "work" | "education" | "skills" | "languages" | "interests";
type Entry<L extends ListName> = Cv[L][number];

const DATE = "[12][0-9]{3}(-(0[1-9]|1[0-2]))?";

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="career-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

interface EntriesProps<L extends ListName> {
  cv: Cv;
  list: L;
  title: CareerKey;
  entryLabel: CareerKey;
  add: CareerKey;
  blank: Entry<L>;
  onChange: (cv: Cv) => void;
  render: (entry: Entry<L>, set: (entry: Entry<L>) => void) => ReactNode;
}

/** A list section: each entry in its own fieldset with a remove button, then "add". */
function Entries<L extends ListName>(props: EntriesProps<L>) {
  const { t } = useCareerT();
  const { cv, list, onChange } = props;
  const entries = cv[list] as Entry<L>[];
  const replace = (next: Entry<L>[]) => {
    onChange({ ...cv, [list]: next });
  };
  return (
    <Section title={t(props.title)}>
      {entries.map((entry, index) => {
        const name = t(props.entryLabel, { n: index + 1 });
        return (
          <fieldset key={index} className="career-entry">
            <legend>{name}</legend>
            {props.render(entry, (changed) => {
              replace(entries.map((old, at) => (at === index ? changed : old)));
            })}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                replace(entries.filter((_, at) => at !== index));
              }}
            >
              {t("editor.remove", { name })}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() => {
          replace([...entries, props.blank]);
        }}
      >
        {t(props.add)}
      </button>
    </Section>
  );
}

function Contact({ basics, set }: { basics: Basics; set: (basics: Basics) => void }) {
  const { t } = useCareerT();
  const field = (key: "name" | "label" | "email" | "phone" | "city" | "url", type = "text") => (
    <Field
      label={t(`editor.basics.${key}`)}
      type={type}
      value={basics[key] ?? ""}
      required={key === "name"}
      autoComplete={key === "name" ? "name" : key === "email" ? "email" : key === "phone" ? "tel" : "off"}
      onChange={(event) => {
        set({ ...basics, [key]: event.target.value });
      }}
    />
  );
  return (
    <Section title={t("editor.contact")}>
      {field("name")}
      {field("label")}
      {field("email", "email")}
      {field("phone", "tel")}
      {field("city")}
      {field("url")}
    </Section>
  );
}

interface DatesProps {
  start: string | undefined;
  end: string | undefined;
  set: (start: string, end: string) => void;
}

function Dates({ start, end, set }: DatesProps) {
  const { t } = useCareerT();
  const hint = t("editor.dateHint");
  return (
    <div className="career-dates">
      <Field
        label={t("editor.start")}
        hint={hint}
        value={start ?? ""}
        pattern={DATE}
        inputMode="numeric"
        onChange={(event) => {
          set(event.target.value, end ?? "");
        }}
      />
      <Field
        label={t("editor.end")}
        hint={hint}
        value={end ?? ""}
        pattern={DATE}
        inputMode="numeric"
        onChange={(event) => {
          set(start ?? "", event.target.value);
        }}
      />
    </div>
  );
}

/** A one-line text field of an entry. */
function useEntryField() {
  const { t } = useCareerT();
  return <T extends object>(entry: T, set: (entry: T) => void, key: keyof T & string, label: CareerKey) => (
    <Field
      label={t(label)}
      value={(entry[key] as string | undefined) ?? ""}
      onChange={(event) => {
        set({ ...entry, [key]: event.target.value });
      }}
    />
  );
}

interface SectionProps {
  cv: Cv;
  onChange: (cv: Cv) => void;
}

function Career({ cv, onChange }: SectionProps) {
  const { t } = useCareerT();
  const text = useEntryField();
  return (
    <>
      <Entries
        cv={cv}
        list="work"
        title="editor.work"
        entryLabel="editor.workEntry"
        add="editor.addWork"
        blank={{ name: "", position: "", highlights: [] }}
        onChange={onChange}
        render={(entry, set) => (
          <>
            {text(entry, set, "position", "editor.position")}
            {text(entry, set, "name", "editor.company")}
            {text(entry, set, "location", "editor.location")}
            <Dates
              start={entry.startDate}
              end={entry.endDate}
              set={(startDate, endDate) => {
                set({ ...entry, startDate, endDate });
              }}
            />
            <TextArea
              label={t("editor.workSummary")}
              value={entry.summary ?? ""}
              rows={3}
              onChange={(summary) => {
                set({ ...entry, summary });
              }}
            />
            <ListInput
              label={t("editor.highlights")}
              hint={t("editor.onePerLine")}
              by="lines"
              items={entry.highlights}
              onChange={(highlights) => {
                set({ ...entry, highlights });
              }}
            />
          </>
        )}
      />
      <Entries
        cv={cv}
        list="education"
        title="editor.education"
        entryLabel="editor.educationEntry"
        add="editor.addEducation"
        blank={{ institution: "" }}
        onChange={onChange}
        render={(entry, set) => (
          <>
            {text(entry, set, "studyType", "editor.studyType")}
            {text(entry, set, "area", "editor.area")}
            {text(entry, set, "institution", "editor.institution")}
            <Dates
              start={entry.startDate}
              end={entry.endDate}
              set={(startDate, endDate) => {
                set({ ...entry, startDate, endDate });
              }}
            />
          </>
        )}
      />
    </>
  );
}

function Extras({ cv, onChange }: SectionProps) {
  const { t } = useCareerT();
  const text = useEntryField();
  return (
    <>
      <Entries
        cv={cv}
        list="skills"
        title="editor.skills"
        entryLabel="editor.skillEntry"
        add="editor.addSkill"
        blank={{ name: "", keywords: [] }}
        onChange={onChange}
        render={(entry, set) => (
          <>
            {text(entry, set, "name", "editor.skillName")}
            <ListInput
              label={t("editor.keywords")}
              hint={t("editor.commas")}
              items={entry.keywords}
              onChange={(keywords) => {
                set({ ...entry, keywords });
              }}
            />
          </>
        )}
      />
      <Entries
        cv={cv}
        list="languages"
        title="editor.languages"
        entryLabel="editor.languageEntry"
        add="editor.addLanguage"
        blank={{ language: "" }}
        onChange={onChange}
        render={(entry, set) => (
          <>
            {text(entry, set, "language", "editor.language")}
            {text(entry, set, "fluency", "editor.fluency")}
          </>
        )}
      />
      <Entries
        cv={cv}
        list="interests"
        title="editor.interests"
        entryLabel="editor.interestEntry"
        add="editor.addInterest"
        blank={{ name: "", keywords: [] }}
        onChange={onChange}
        render={(entry, set) => text(entry, set, "name", "editor.interest")}
      />
    </>
  );
}

export function CvForm({ cv, onChange }: { cv: Cv; onChange: (cv: Cv) => void }) {
  const { t } = useCareerT();
  return (
    <div className="career-form">
      <Contact
        basics={cv.basics}
        set={(basics) => {
          onChange({ ...cv, basics });
        }}
      />
      <Section title={t("editor.summary")}>
        <TextArea
          label={t("editor.summaryLabel")}
          hint={t("editor.summaryHint")}
          value={cv.basics.summary ?? ""}
          maxLength={2000}
          onChange={(summary) => {
            onChange({ ...cv, basics: { ...cv.basics, summary } });
          }}
        />
      </Section>
      <Career cv={cv} onChange={onChange} />
      <Extras cv={cv} onChange={onChange} />
    </div>
  );
}

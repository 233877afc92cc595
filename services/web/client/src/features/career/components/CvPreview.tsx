// The live preview: the CV rendered here, in HTML, styled by its template's family (career.css),
// with the section titles and dates the PDF uses (career's own cv/i18n.ts, so both say "mars 2021
// – aujourd'hui"). Why not the server's PDF: a render per keystroke would cost a round trip and a
// Typst compile each time, and showing a PDF needs a frame or blob: URLs the CSP does not allow;
// this preview follows the typing at once and needs no CSP change. The exported PDF is the
// reference for the exact layout, and the page says so.
import type { ReactNode } from "react";
import { formatPeriod, sectionTitles } from "../../../../../../career/src/cv/i18n.ts";
import type { CvSection } from "../../../../../../career/src/cv/i18n.ts";
import type { Cv, TemplateId } from "../api/career.ts";

function Block({ cv, section, children }: { cv: Cv; section: CvSection; children: ReactNode }) {
  return (
    <section className="cv-block">
      <h3>{sectionTitles[cv.language][section]}</h3>
      {children}
    </section>
  );
}

const present = (text: string | undefined): text is string => text !== undefined && text.trim() !== "";

function Contact({ cv }: { cv: Cv }) {
  const { email, phone, city, url } = cv.basics;
  const items = [email, phone, city, url].filter(present);
  return items.length === 0 ? null : (
    <ul className="cv-contact">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

function Summary({ cv }: { cv: Cv }) {
  return present(cv.basics.summary) ? (
    <Block cv={cv} section="summary">
      <p className="cv-text">{cv.basics.summary}</p>
    </Block>
  ) : null;
}

function Work({ cv }: { cv: Cv }) {
  return cv.work.length === 0 ? null : (
    <Block cv={cv} section="work">
      {cv.work.map((job, index) => (
        <div key={index} className="cv-item">
          <p className="cv-item-title">
            <strong>{job.position}</strong>
            {present(job.name) && ` · ${job.name}`}
            {present(job.location) && ` · ${job.location}`}
          </p>
          <p className="cv-period">
            {formatPeriod(job.startDate || undefined, job.endDate || undefined, cv.language)}
          </p>
          {present(job.summary) && <p className="cv-text">{job.summary}</p>}
          {job.highlights.length > 0 && (
            <ul>
              {job.highlights.map((highlight, at) => (
                <li key={at}>{highlight}</li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </Block>
  );
}

function Education({ cv }: { cv: Cv }) {
  return cv.education.length === 0 ? null : (
    <Block cv={cv} section="education">
      {cv.education.map((school, index) => (
        <div key={index} className="cv-item">
          <p className="cv-item-title">
            <strong>
              {[school.studyType, school.area].filter(present).join(", ") || school.institution}
            </strong>
            {present(school.studyType) || present(school.area) ? ` · ${school.institution}` : ""}
          </p>
          <p className="cv-period">
            {formatPeriod(school.startDate || undefined, school.endDate || undefined, cv.language)}
          </p>
        </div>
      ))}
    </Block>
  );
}

function Side({ cv }: { cv: Cv }) {
  return (
    <>
      {cv.skills.length > 0 && (
        <Block cv={cv} section="skills">
          <ul>
            {cv.skills.map((group, index) => (
              <li key={index}>
                <strong>{group.name}</strong>
                {group.keywords.length > 0 &&
                  `${cv.language === "fr" ? "\u00a0: " : ": "}${group.keywords.join(", ")}`}
              </li>
            ))}
          </ul>
        </Block>
      )}
      {cv.languages.length > 0 && (
        <Block cv={cv} section="languages">
          <ul>
            {cv.languages.map((spoken, index) => (
              <li key={index}>{[spoken.language, spoken.fluency].filter(present).join(" · ")}</li>
            ))}
          </ul>
        </Block>
      )}
      {cv.interests.length > 0 && (
        <Block cv={cv} section="interests">
          <p className="cv-text">
            {cv.interests
              .map((interest) => interest.name)
              .filter(present)
              .join(", ")}
          </p>
        </Block>
      )}
    </>
  );
}

/** The CV as its template lays it out: "modern" in two columns, the others in one. */
export function CvPreview({ cv, template, label }: { cv: Cv; template: TemplateId; label: string }) {
  const header = (
    <header className="cv-header">
      <p className="cv-name">{cv.basics.name}</p>
      {present(cv.basics.label) && <p className="cv-label">{cv.basics.label}</p>}
      <Contact cv={cv} />
    </header>
  );
  return (
    <article aria-label={label} lang={cv.language} className={`cv-preview cv-${template}`}>
      {header}
      {template === "modern" ? (
        <div className="cv-columns">
          <div className="cv-side">
            <Side cv={cv} />
          </div>
          <div className="cv-main">
            <Summary cv={cv} />
            <Work cv={cv} />
            <Education cv={cv} />
          </div>
        </div>
      ) : (
        <>
          <Summary cv={cv} />
          <Work cv={cv} />
          <Education cv={cv} />
          <Side cv={cv} />
        </>
      )}
    </article>
  );
}

// Mirror Match's answer: the score, the keywords found and missing (required ones marked), every
// point of the score explained, and what to change, section by section. Career writes each
// label and reason in French and English; the page shows the user's language.
import { useEffect, useId, useRef } from "react";
import { sectionKeys } from "../../../../../../career/src/match/sections.ts";
import { TableWrap } from "../../../components/TableWrap.tsx";
import type { Analysis } from "../api/career.ts";
import { useCareerT } from "../messages.ts";
import type { CareerKey } from "../messages.ts";

// Career's own list of the sections Mirror Match reads (a module without dependencies).
const sections: readonly string[] = sectionKeys;
const sectionKey = (section: string): CareerKey =>
  `match.sections.${sections.includes(section) ? section : "other"}` as CareerKey;

function Terms({ terms, language }: { terms: Analysis["matched"]; language: "fr" | "en" }) {
  const { t } = useCareerT();
  return terms.length === 0 ? (
    <p>{t("match.noTerms")}</p>
  ) : (
    <ul className="career-terms">
      {terms.map((term) => (
        <li key={`${term.kind}:${term.term}`}>
          {term.label[language]}
          {term.required && <span className="career-required"> {t("match.required")}</span>}
        </li>
      ))}
    </ul>
  );
}

/** One list of keywords under its heading, a region named by it. */
function TermList({ title, terms }: { title: string; terms: Analysis["matched"] }) {
  const { language } = useCareerT();
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <Terms terms={terms} language={language} />
    </section>
  );
}

export function AnalysisView({ analysis }: { analysis: Analysis }) {
  const { t, language } = useCareerT();
  const heading = useRef<HTMLHeadingElement>(null);
  // A new result takes the focus: below the form, it would otherwise go unnoticed (and unread).
  useEffect(() => {
    heading.current?.focus();
  }, [analysis]);
  return (
    <section aria-labelledby="match-result" className="career-section career-result">
      <h2 id="match-result" ref={heading} tabIndex={-1}>
        {t("match.result", { title: analysis.title })}
      </h2>
      <p className="career-score">
        {t("match.score", { score: analysis.score })}
        <meter min={0} max={100} value={analysis.score} aria-label={t("match.scoreLabel")} />
      </p>
      <div className="career-columns">
        <TermList title={t("match.matched")} terms={analysis.matched} />
        <TermList title={t("match.missing")} terms={analysis.missing} />
      </div>
      <h3>{t("match.advice")}</h3>
      {analysis.advice.length === 0 ? (
        <p>{t("match.noAdvice")}</p>
      ) : (
        <ul className="career-advice">
          {analysis.advice.map((advice, index) => (
            <li key={index}>
              <strong>{t(sectionKey(advice.section))}</strong>{" "}
              <span className={`career-priority ${advice.priority}`}>
                {t(`match.priority.${advice.priority}`)}
              </span>
              <p>{advice.message[language]}</p>
            </li>
          ))}
        </ul>
      )}
      <details className="career-explain">
        <summary>{t("match.explain")}</summary>
        <TableWrap label={t("match.explain")}>
          <table>
            <caption>{t("match.explainCaption", { score: analysis.score })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("match.criterion")}</th>
                <th scope="col">{t("match.points")}</th>
                <th scope="col">{t("match.why")}</th>
              </tr>
            </thead>
            <tbody>
              {analysis.lines.map((line) => (
                <tr key={`${line.kind}:${line.term}`}>
                  <th scope="row">{line.label[language]}</th>
                  <td>{t("match.pointsOf", { points: line.points, max: line.max })}</td>
                  <td>{line.reason[language]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </section>
  );
}

// The four CV templates as radio buttons, each with a word on what it is for. A premium template
// is locked for a free user: shown with a lock and the word "Premium", not selectable, and a link
// to the plans (career would refuse it anyway with premium_template).
import { useId } from "react";
import type { TemplateId } from "../api/career.ts";
import { useCareerT } from "../messages.ts";
import { UpgradeLink } from "./CareerAlert.tsx";

export interface TemplateInfo {
  id: TemplateId;
  premium: boolean;
  locked: boolean;
}

function LockIcon() {
  return (
    <svg
      className="career-lock"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z" />
    </svg>
  );
}

interface TemplatePickerProps {
  templates: readonly TemplateInfo[];
  value: TemplateId;
  onChange: (id: TemplateId) => void;
}

export function TemplatePicker({ templates, value, onChange }: TemplatePickerProps) {
  const { t } = useCareerT();
  const name = useId();
  const anyLocked = templates.some((template) => template.locked);
  return (
    <fieldset className="career-templates">
      <legend>{t("templates.legend")}</legend>
      <ul>
        {templates.map((template) => {
          const id = `${name}-${template.id}`;
          return (
            <li key={template.id} className={template.locked ? "career-template locked" : "career-template"}>
              <input
                type="radio"
                id={id}
                name={name}
                value={template.id}
                checked={value === template.id}
                disabled={template.locked}
                aria-describedby={`${id}-about`}
                onChange={() => {
                  onChange(template.id);
                }}
              />
              <label htmlFor={id}>
                {t(`templates.${template.id}`)}
                {template.premium && (
                  <span className="career-premium">
                    {template.locked && <LockIcon />}
                    {t(template.locked ? "templates.locked" : "templates.premium")}
                  </span>
                )}
              </label>
              <p id={`${id}-about`} className="hint">
                {t(`templates.${template.id}About`)}
              </p>
            </li>
          );
        })}
      </ul>
      {anyLocked && (
        <p>
          {t("templates.unlock")} <UpgradeLink />
        </p>
      )}
    </fieldset>
  );
}

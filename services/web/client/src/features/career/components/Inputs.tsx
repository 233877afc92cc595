// The editor's inputs: a labelled textarea, and a list typed as text ("React, SQL" or one item a
// line) whose items go to the CV as they are typed, while the text itself stays as typed.
import { useId, useState } from "react";
import { splitList } from "../cv-form.ts";

interface TextAreaProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  rows?: number;
  maxLength?: number;
}

export function TextArea({ label, value, onChange, hint, rows = 4, maxLength }: TextAreaProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <textarea
        id={id}
        value={value}
        rows={rows}
        maxLength={maxLength}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </div>
  );
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, index) => item === b[index]);

interface ListInputProps {
  label: string;
  hint: string;
  items: readonly string[];
  onChange: (items: string[]) => void;
  /** "lines": one item a line, in a textarea; default "commas", in one line. */
  by?: "commas" | "lines";
}

export function ListInput({ label, hint, items, onChange, by = "commas" }: ListInputProps) {
  const id = useId();
  const separator = by === "lines" ? "\n" : ",";
  const [text, setText] = useState(items.join(by === "lines" ? "\n" : ", "));
  // The text as typed while it still says the same list; the list's own text when it changed
  // from elsewhere (an entry removed above this one).
  const shown = same(splitList(text, separator), items) ? text : items.join(by === "lines" ? "\n" : ", ");
  const change = (next: string) => {
    setText(next);
    onChange(splitList(next, separator));
  };
  const props = {
    id,
    value: shown,
    "aria-describedby": `${id}-hint`,
    onChange: (event: { target: { value: string } }) => {
      change(event.target.value);
    },
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {by === "lines" ? <textarea rows={3} {...props} /> : <input type="text" {...props} />}
    </div>
  );
}

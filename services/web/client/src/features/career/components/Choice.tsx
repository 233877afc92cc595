// A short choice as radio buttons in a fieldset (tone, length, language): every option visible,
// one click, no menu to open.
import { useId } from "react";

interface ChoiceProps<V extends string> {
  legend: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V) => void;
}

export function Choice<V extends string>({ legend, value, options, onChange }: ChoiceProps<V>) {
  const name = useId();
  return (
    <fieldset className="career-choice">
      <legend>{legend}</legend>
      {options.map((option) => (
        <span key={option.value} className="field-check">
          <input
            type="radio"
            id={`${name}-${option.value}`}
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => {
              onChange(option.value);
            }}
          />
          <label htmlFor={`${name}-${option.value}`}>{option.label}</label>
        </span>
      ))}
    </fieldset>
  );
}

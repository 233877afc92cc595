// Tasks: add one, rename it, tick it done (or undo), delete it. Open tasks keep the assistant's order, so
// "fait 2" by SMS and the second line here are the same task.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { Field } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { addTask, deleteTask, renameTask, setTaskDone } from "../api/today.ts";
import type { Task } from "../api/today.ts";

interface Props {
  tasks: Task[];
  onChanged: () => Promise<void>;
}

interface TitleFormProps {
  label: string;
  submitLabel: string;
  initial: string;
  /** Saves the title; the field empties after adding, not after renaming (the form goes away). */
  onSubmit: (title: string) => Promise<void>;
}

/** One title field: a new task's, or a task's new title. */
function TitleForm({ label, submitLabel, initial, onSubmit }: TitleFormProps) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(initial);
  const save = useAction(async (text: string) => {
    await onSubmit(text);
    setTitle(initial);
  });
  const { fieldError, general } = splitProblem(t, save.problem, ["title"]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (title.trim() === "") save.setProblem({ code: "required", field: "title" });
    else void save.run(title.trim());
  };
  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <Field
        label={label}
        name="title"
        maxLength={200}
        value={title}
        error={fieldError("title")}
        onChange={(event) => {
          setTitle(event.target.value);
        }}
      />
      <button type="submit" disabled={save.pending}>
        {submitLabel}
      </button>
    </form>
  );
}

function TaskItem({ task, onChanged }: { task: Task } & Pick<Props, "onChanged">) {
  const { t } = useTranslation();
  // The box follows the click at once; the task's state replaces it once the API answered.
  const [asked, setAsked] = useState<boolean>();
  const toggle = useAction(async (done: boolean) => {
    setAsked(done);
    try {
      await setTaskDone(task.id, done);
      await onChanged();
    } finally {
      setAsked(undefined);
    }
  });
  const remove = useAction(async () => {
    await deleteTask(task.id);
    await onChanged();
  });
  const [editing, setEditing] = useState(false);
  const done = task.status === "done";
  if (editing)
    return (
      <li>
        <TitleForm
          label={t("today.renameTask", { title: task.title })}
          submitLabel={t("today.save")}
          initial={task.title}
          onSubmit={async (title) => {
            await renameTask(task.id, title);
            await onChanged();
            setEditing(false);
          }}
        />
      </li>
    );
  return (
    <li>
      <label className="choice">
        <input
          type="checkbox"
          checked={asked ?? done}
          disabled={toggle.pending}
          onChange={(event) => void toggle.run(event.target.checked)}
        />
        <span className={done ? "done" : undefined}>{task.title}</span>
      </label>
      {!done && (
        <button
          type="button"
          className="secondary"
          aria-label={t("today.renameTaskButton", { title: task.title })}
          onClick={() => {
            setEditing(true);
          }}
        >
          {t("today.edit")}
        </button>
      )}
      <button
        type="button"
        className="secondary"
        disabled={remove.pending}
        aria-label={t("today.deleteTask", { title: task.title })}
        onClick={() => void remove.run()}
      >
        {t("today.delete")}
      </button>
      <ProblemAlert problem={toggle.problem ?? remove.problem} />
    </li>
  );
}

export function Tasks({ tasks, onChanged }: Props) {
  const { t } = useTranslation();
  const open = tasks.filter((task) => task.status === "open");
  const done = tasks.filter((task) => task.status === "done");
  return (
    <>
      <TitleForm
        label={t("today.newTask")}
        submitLabel={t("today.addTask")}
        initial=""
        onSubmit={async (title) => {
          await addTask(title);
          await onChanged();
        }}
      />
      {open.length === 0 ? (
        <p>{t("today.noTasks")}</p>
      ) : (
        <ul className="list" aria-label={t("today.openTasks")}>
          {open.map((task) => (
            <TaskItem key={task.id} task={task} onChanged={onChanged} />
          ))}
        </ul>
      )}
      {done.length > 0 && (
        <details>
          <summary>{t("today.doneTasks", { count: done.length })}</summary>
          <ul className="list" aria-label={t("today.doneTasksLabel")}>
            {done.map((task) => (
              <TaskItem key={task.id} task={task} onChanged={onChanged} />
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

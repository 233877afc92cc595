// Tasks: add one, tick it done (or undo), delete it. Open tasks keep the assistant's order, so
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

function AddTask({ onChanged }: Pick<Props, "onChanged">) {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const add = useAction(async (text: string) => {
    await addTask(text);
    setTitle("");
    await onChanged();
  });
  const { fieldError, general } = splitProblem(t, add.problem, ["title"]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (title.trim() === "") add.setProblem({ code: "required", field: "title" });
    else void add.run(title.trim());
  };
  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <Field
        label={t("today.newTask")}
        name="title"
        maxLength={200}
        value={title}
        error={fieldError("title")}
        onChange={(event) => {
          setTitle(event.target.value);
        }}
      />
      <button type="submit" disabled={add.pending}>
        {t("today.addTask")}
      </button>
    </form>
  );
}

function RenameTask({ task, onDone }: { task: Task; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(task.title);
  const rename = useAction(async (text: string) => {
    await renameTask(task.id, text);
    await onDone();
  });
  const { fieldError, general } = splitProblem(t, rename.problem, ["title"]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (title.trim() === "") rename.setProblem({ code: "required", field: "title" });
    else void rename.run(title.trim());
  };
  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <Field
        label={t("today.renameTask", { title: task.title })}
        name="title"
        maxLength={200}
        value={title}
        error={fieldError("title")}
        onChange={(event) => {
          setTitle(event.target.value);
        }}
      />
      <button type="submit" disabled={rename.pending}>
        {t("today.save")}
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
        <RenameTask
          task={task}
          onDone={async () => {
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
      <AddTask onChanged={onChanged} />
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

// Find users by e-mail, phone or id.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../../app/format.ts";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { Field, SelectField } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { findUsers } from "../api/admin.ts";
import type { AdminUser } from "../api/admin.ts";
import { TableWrap } from "../../../components/TableWrap.tsx";

type By = "email" | "phone" | "id";

function Users({ users }: { users: AdminUser[] }) {
  const { t, i18n } = useTranslation();
  if (users.length === 0) return <p role="status">{t("admin.noUsers")}</p>;
  return (
    <TableWrap label={t("admin.usersTitle")}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("account.email")}</th>
            <th scope="col">{t("admin.phone")}</th>
            <th scope="col">{t("admin.plan")}</th>
            <th scope="col">{t("admin.roles")}</th>
            <th scope="col">{t("admin.mfa")}</th>
            <th scope="col">{t("admin.created")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.email ?? "—"}</td>
              <td>{user.phone ?? "—"}</td>
              <td>{t(`billing.plans.${user.plan}`)}</td>
              <td>{user.roles.join(", ")}</td>
              <td>{t(user.mfaEnabled ? "admin.yes" : "admin.no")}</td>
              <td>{formatDate(i18n.language, user.createdAt, "medium")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function UserSearch() {
  const { t } = useTranslation();
  const [by, setBy] = useState<By>("email");
  const [value, setValue] = useState("");
  const [users, setUsers] = useState<AdminUser[]>();
  const search = useAction(async () => {
    setUsers(await findUsers({ [by]: value.trim() }));
  });
  const { fieldError, general } = splitProblem(t, search.problem, ["email", "phone", "id"]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (value.trim() === "") search.setProblem({ code: "required", field: by });
    else void search.run();
  };
  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <SelectField
        label={t("admin.searchBy")}
        value={by}
        options={(["email", "phone", "id"] as const).map((option) => ({
          value: option,
          label: t(`admin.by.${option}`),
        }))}
        onChange={(next) => {
          setBy(next as By);
        }}
      />
      <Field
        label={t("admin.searchValue")}
        name="query"
        value={value}
        error={fieldError(by)}
        onChange={(event) => {
          setValue(event.target.value);
        }}
      />
      <button type="submit" disabled={search.pending}>
        {t("admin.search")}
      </button>
      {users && <Users users={users} />}
    </form>
  );
}

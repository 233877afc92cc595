// The JWT and internal key sets as this API replica holds them: revision, signing key, each key's state.
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../../app/format.ts";
import { useQuery } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { getKeySets } from "../api/admin.ts";
import type { KeySet } from "../api/admin.ts";
import { TableWrap } from "../../../components/TableWrap.tsx";

function KeySetTable({ name, set }: { name: string; set: KeySet }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string | null) => (iso === null ? "—" : formatDateTime(i18n.language, iso));
  return (
    <TableWrap label={name}>
      <table>
        <caption>
          {t("admin.keySetCaption", {
            name,
            algorithm: set.algorithm,
            revision: set.revision,
            signing: set.signingKid ?? t("admin.noSigningKey"),
          })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.kid")}</th>
            <th scope="col">{t("admin.state")}</th>
            <th scope="col">{t("admin.activatesAt")}</th>
            <th scope="col">{t("admin.retiresAt")}</th>
          </tr>
        </thead>
        <tbody>
          {set.keys.map((key) => (
            <tr key={key.kid}>
              <td>
                <code>{key.kid}</code>
              </td>
              <td>{key.state}</td>
              <td>{when(key.activatesAt)}</td>
              <td>{when(key.retiresAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function KeySets() {
  const keys = useQuery(getKeySets);
  if (!keys.data) return <ProblemAlert problem={keys.problem} />;
  return (
    <>
      <KeySetTable name="JWT" set={keys.data.jwt} />
      <KeySetTable name="internal" set={keys.data.internal} />
    </>
  );
}

// "Activate my number": creates the user's TwilioNumber through the API, then follows it (a GET a
// second) until the operator made it Ready — or says it failed — and shows how to text it.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useProfile } from "../../../app/auth.tsx";
import { useAction, useQuery } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { activateNumber, getNumber } from "../api/onboarding.ts";
import type { PhoenixNumber } from "../api/onboarding.ts";
import { formatInternational } from "../phone.ts";

const POLL_MS = 1000;

function ReadyNumber({ phoneNumber }: { phoneNumber: string }) {
  const { t } = useTranslation();
  const profile = useProfile();
  return (
    <div className="card">
      <p>{t("number.ready")}</p>
      <p className="big-number">{formatInternational(phoneNumber)}</p>
      <p>{t("number.howTo", { phone: profile.phone === null ? "" : formatInternational(profile.phone) })}</p>
      <p>
        {t("number.example")} <q>{t("number.exampleText")}</q>
      </p>
      <p>
        <a href={`sms:${phoneNumber}`}>{t("number.textNow")}</a>
      </p>
    </div>
  );
}

function Progress({ number }: { number: PhoenixNumber }) {
  const { t } = useTranslation();
  return (
    <div className="card">
      <p role="status">{t(number.state === "releasing" ? "number.releasing" : "number.provisioning")}</p>
      <progress aria-label={t("number.progressLabel")} />
    </div>
  );
}

export function NumberActivation({ phoneSaved }: { phoneSaved: boolean }) {
  const { t } = useTranslation();
  const number = useQuery(getNumber);
  const activate = useAction(async () => {
    number.set(await activateNumber());
  });
  const { data, reload } = number;

  // Each answer (a new object) schedules the next look while the operator is still at work.
  useEffect(() => {
    if (data?.state !== "provisioning" && data?.state !== "releasing") return;
    const timer = setTimeout(() => void reload(), POLL_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [data, reload]);

  if (data === undefined)
    return number.problem ? (
      <ProblemAlert problem={number.problem} />
    ) : (
      <p role="status">{t("shell.loading")}</p>
    );
  if (data?.state === "ready" && data.phoneNumber !== null)
    return <ReadyNumber phoneNumber={data.phoneNumber} />;
  if (data?.state === "failed") return <p className="alert">{t("number.failed")}</p>;
  if (data) return <Progress number={data} />;
  return (
    <>
      <ProblemAlert problem={activate.problem} />
      {!phoneSaved && <p>{t("number.phoneFirst")}</p>}
      <button type="button" disabled={!phoneSaved || activate.pending} onClick={() => void activate.run()}>
        {t("number.activate")}
      </button>
    </>
  );
}

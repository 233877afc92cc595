// Who owns which number: the router resolves `To` → user from Postgres (phone_numbers), and this
// mirror keeps that table in step with the TwilioNumber CRs' status (docs/decisions/0007). A
// number appears once the operator reports it Ready and disappears (active = false) when its CR
// is deleted, so the router never answers for a released number.
import { makeInformer, CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import type { KubernetesListObject, V1ObjectMeta } from "@kubernetes/client-node";
import type { TwilioNumber as TwilioNumberResource } from "@phoenix/crds/twilio-number";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import type { Logger } from "@phoenix/kernel/log";
import { withSystem } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type pg from "pg";

export interface NumberSyncOptions {
  pool: pg.Pool;
  logger: Logger;
  /** Default: in-cluster, or $KUBECONFIG / ~/.kube/config. */
  kubeconfig?: string;
  /** Default: every namespace. */
  namespace?: string;
}

/** The CR as client-node's informer types it (its metadata parses timestamps into Dates). */
export type TwilioNumber = Omit<TwilioNumberResource, "metadata"> & { metadata: V1ObjectMeta };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const sourceOf = (tn: TwilioNumber): string => `${tn.metadata.namespace ?? ""}/${tn.metadata.name ?? ""}`;

const isReady = (tn: TwilioNumber): boolean =>
  tn.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

export type SyncOutcome = "active" | "inactive" | "unknown_user" | "not_ready";

async function activate(tx: Tx, tn: TwilioNumber, phone: string): Promise<SyncOutcome> {
  const userId = tn.spec.userId;
  const user = UUID.test(userId) ? await tx.query("SELECT 1 FROM users WHERE id = $1", [userId]) : null;
  if (!user?.rowCount) return "unknown_user";
  // A user has one active number: a replacement retires the previous one first.
  await tx.query("UPDATE phone_numbers SET active = false WHERE user_id = $1 AND e164 <> $2 AND active", [
    userId,
    phone,
  ]);
  await tx.query(
    `INSERT INTO phone_numbers (user_id, e164, twilio_sid, source, monthly_price, active)
     VALUES ($1, $2, $3, $4, $5, true)
     ON CONFLICT (e164) DO UPDATE SET user_id = EXCLUDED.user_id, twilio_sid = EXCLUDED.twilio_sid,
       source = EXCLUDED.source, monthly_price = EXCLUDED.monthly_price, active = true, updated_at = now()`,
    [userId, phone, tn.status?.sid ?? null, sourceOf(tn), tn.status?.monthlyPrice ?? null],
  );
  return "active";
}

/** Applies one CR's state to phone_numbers. */
export function mirrorNumber(pool: pg.Pool, tn: TwilioNumber, deleted = false): Promise<SyncOutcome> {
  return withSystem(pool, async (tx) => {
    const phone = tn.status?.phoneNumber;
    if (deleted || !phone) {
      await tx.query(
        "UPDATE phone_numbers SET active = false, updated_at = now() WHERE source = $1 AND active",
        [sourceOf(tn)],
      );
      return deleted ? "inactive" : "not_ready";
    }
    return isReady(tn) ? activate(tx, tn, phone) : "not_ready";
  });
}

export async function startNumberSync(options: NumberSyncOptions): Promise<{ close: () => Promise<void> }> {
  const { pool, logger, namespace } = options;
  const kc = new KubeConfig();
  if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
  else kc.loadFromDefault();
  const api = kc.makeApiClient(CustomObjectsApi);
  const { group, version, plural } = twilioNumberResource;
  const path = namespace
    ? `/apis/${group}/${version}/namespaces/${namespace}/${plural}`
    : `/apis/${group}/${version}/${plural}`;
  const list = async (): Promise<KubernetesListObject<TwilioNumber>> =>
    (namespace
      ? await api.listNamespacedCustomObject({ group, version, plural, namespace })
      : await api.listClusterCustomObject({ group, version, plural })) as KubernetesListObject<TwilioNumber>;
  const informer = makeInformer<TwilioNumber>(kc, path, list);
  const apply = (tn: TwilioNumber, deleted = false): void => {
    mirrorNumber(pool, tn, deleted).then(
      (outcome) => logger.debug({ source: sourceOf(tn), outcome }, "number mirrored"),
      (err: unknown) =>
        logger.error(
          { err, source: sourceOf(tn) },
          "number mirror failed; retried on the next event or resync",
        ),
    );
  };
  informer.on("add", (tn) => apply(tn));
  informer.on("update", (tn) => apply(tn));
  informer.on("delete", (tn) => apply(tn, true));
  informer.on("error", (err: unknown) => {
    logger.warn({ err }, "TwilioNumber watch failed; restarting in 5 s");
    setTimeout(() => void informer.start().catch(() => undefined), 5_000).unref();
  });
  await informer.start();
  return { close: () => informer.stop() };
}

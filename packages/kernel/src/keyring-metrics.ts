// What a keyring exports when it is given the service's registry: which key set each replica has
// loaded (revision, keys by state), the key it signs with now, and its reloads, so a replica left
// on an old key set after a KeyRotation shows before its users get 401s (alerts KeySetDiverged
// and KeySetReloadFailing, ADR 0084). One metric of each name per registry, told apart by the
// `keyset` label: the API holds two keyrings ("jwt", "internal") on one registry.
import { Counter, Gauge } from "prom-client";
import type { Registry } from "prom-client";
import { keyStates } from "./keyset.ts";
import type { Key, KeySet } from "./keyset.ts";

export interface KeyringMetricsOptions {
  /** The service's registry (its default labels add `service`). */
  registry: Registry;
  /** The `keyset` label: which of the service's key sets this is, e.g. "jwt" or "internal". */
  keyset: string;
}

/** Results of keyset_reloads_total: loaded, or refused while the last good set stays in use. */
export const reloadResults = ["ok", "invalid"] as const;

export interface KeyringMetrics {
  /** A key set was loaded, at start or after the file changed. */
  loaded(keySet: KeySet, at: Date): void;
  /** A read of the file failed (missing, not JSON, not a valid key set). */
  invalid(): void;
  /** The keyring is closed: it no longer exports a signing key. */
  close(): void;
}

const none: KeyringMetrics = {
  loaded: () => undefined,
  invalid: () => undefined,
  close: () => undefined,
};

// Each registry's keyrings, by keyset: how to find the key each signs with now. Read at scrape,
// because a staged key becomes the signing key when its activatesAt passes, without any reload.
const signers = new WeakMap<Registry, Map<string, () => Key | undefined>>();

/** Metrics of one keyring, or no-ops without options. `signingKey` is undefined while none can sign. */
export function keyringMetrics(
  options: KeyringMetricsOptions | undefined,
  signingKey: () => Key | undefined,
): KeyringMetrics {
  if (!options) return none;
  const { registry, keyset } = options;
  const metrics = registryMetrics(registry);
  const ours = signers.get(registry) ?? new Map<string, () => Key | undefined>();
  signers.set(registry, ours);
  ours.set(keyset, signingKey);
  // Exported from the start: a rate of invalid reloads has a series before the first failure.
  for (const result of reloadResults) metrics.reloads.inc({ keyset, result }, 0);
  return {
    loaded(keySet, at) {
      metrics.reloads.inc({ keyset, result: "ok" });
      metrics.lastReload.set({ keyset }, at.getTime() / 1000);
      metrics.revision.set({ keyset }, keySet.revision);
      for (const state of keyStates)
        metrics.keys.set({ keyset, state }, keySet.keys.filter((key) => key.state === state).length);
    },
    invalid() {
      metrics.reloads.inc({ keyset, result: "invalid" });
    },
    close() {
      // Another keyring may have taken the label since (tests build several apps on one registry).
      if (ours.get(keyset) === signingKey) ours.delete(keyset);
    },
  };
}

function registryMetrics(registry: Registry) {
  const registers = [registry];
  return {
    keys: once(
      registry,
      "keyset_keys",
      () =>
        new Gauge({
          name: "keyset_keys",
          help: "Keys in the loaded key set, by keyset and state (staged, active, retiring)",
          labelNames: ["keyset", "state"],
          registers,
        }),
    ),
    revision: once(
      registry,
      "keyset_revision",
      () =>
        new Gauge({
          name: "keyset_revision",
          help: "Revision of the loaded key set (the KeyRotation's status.revision when it was written), by keyset",
          labelNames: ["keyset"],
          registers,
        }),
    ),
    lastReload: once(
      registry,
      "keyset_last_reload_timestamp_seconds",
      () =>
        new Gauge({
          name: "keyset_last_reload_timestamp_seconds",
          help: "When the key set in use was loaded (at start or after the mounted file changed), by keyset",
          labelNames: ["keyset"],
          registers,
        }),
    ),
    reloads: once(
      registry,
      "keyset_reloads_total",
      () =>
        new Counter({
          name: "keyset_reloads_total",
          help: "Loads of the key set file, by keyset and result: ok (loaded), invalid (missing or not a valid key set; the last good one stays in use, and the file is read again at every poll)",
          labelNames: ["keyset", "result"],
          registers,
        }),
    ),
    signing: once(
      registry,
      "keyset_signing_key_info",
      () =>
        new Gauge({
          name: "keyset_signing_key_info",
          help: "1 for the key the keyring signs with now (the newest active key whose activatesAt has passed), by keyset and kid; no series while no key can sign",
          labelNames: ["keyset", "kid"],
          registers,
          collect() {
            // One series per keyset: the previous key's drops out when the signing key changes.
            this.reset();
            for (const [keyset, signingKey] of signers.get(registry) ?? []) {
              const key = signingKey();
              if (key) this.set({ keyset, kid: key.kid }, 1);
            }
          },
        }),
    ),
  };
}

function once<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

// metav1.Condition handling shared by every controller (cert-manager's conditions.go):
// lastTransitionTime moves only when the status flips, so "Ready since" stays meaningful and a
// resync that changes nothing writes nothing.

export type ConditionStatus = "True" | "False" | "Unknown";

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export type ConditionInput = Omit<Condition, "lastTransitionTime">;

/**
 * `{ observedGeneration }` for `object`'s generation, spread into a status and into each of its
 * conditions; empty when the object has no generation (a field left out, not set to undefined).
 */
export function observedGenerationOf(object: {
  metadata?: { generation?: number | undefined } | undefined;
}): {
  observedGeneration?: number;
} {
  const generation = object.metadata?.generation;
  return generation === undefined ? {} : { observedGeneration: generation };
}

/** Returns `conditions` with `input` set, keeping the transition time unless the status flips. */
export function setCondition(
  conditions: Condition[] | undefined,
  input: ConditionInput,
  now: Date,
): Condition[] {
  const existing = conditions ?? [];
  const previous = existing.find((c) => c.type === input.type);
  const lastTransitionTime =
    previous && previous.status === input.status ? previous.lastTransitionTime : now.toISOString();
  const next: Condition = { ...input, lastTransitionTime };
  return previous ? existing.map((c) => (c.type === input.type ? next : c)) : [...existing, next];
}

/** Applies several conditions in order. */
export function setConditions(
  conditions: Condition[] | undefined,
  inputs: ConditionInput[],
  now: Date,
): Condition[] {
  return inputs.reduce<Condition[]>((all, input) => setCondition(all, input, now), conditions ?? []);
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

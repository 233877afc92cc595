// Which numbers are taken, so a search never picks one another resource has.
//
// NumberClaims: which resource this process has chosen each number for, from the moment it is
// picked until the resource lets go of it. Twilio answers a purchase of a number the account
// already owns with a 201 as if it were new, so two resources that picked the same number from
// overlapping searches would both "own" it (one user receiving another's texts); a number
// claimed here is never picked for a second resource.
//
// HeldNumbers: what the cached resources' statuses say (reservedNumber, phoneNumber), which
// covers what an earlier leader chose. An index kept in step with the reflector, so checking a
// candidate costs O(1) rather than a scan of every resource (quadratic over a bulk creation).
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import type { ResourceEventHandler } from "@phoenix/kube/object-store";
import { numbersHeld } from "./decisions.ts";

export class NumberClaims {
  private readonly numberOf = new Map<string, string>();
  private readonly holderOf = new Map<string, string>();

  /** `key` now holds `number` (and lets go of any number it held before). */
  claim(key: string, number: string): void {
    this.release(key);
    this.numberOf.set(key, number);
    this.holderOf.set(number, key);
  }

  release(key: string): void {
    const number = this.numberOf.get(key);
    if (number === undefined) return;
    this.numberOf.delete(key);
    this.holderOf.delete(number);
  }

  /** True when `number` is held by a resource other than `key`. */
  heldByOther(number: string, key: string): boolean {
    const holder = this.holderOf.get(number);
    return holder !== undefined && holder !== key;
  }
}

export class HeldNumbers {
  /** number → uids of the resources whose status holds it (two only if something went wrong). */
  private readonly holders = new Map<string, Set<string>>();
  /** uid → the numbers indexed for it. */
  private readonly numbersOf = new Map<string, string[]>();

  /** Indexes the resource's numbers as its status now says. */
  set(tn: TwilioNumber): void {
    this.delete(tn);
    const uid = tn.metadata.uid ?? "";
    const numbers = numbersHeld(tn);
    if (numbers.length === 0) return;
    this.numbersOf.set(uid, numbers);
    for (const number of numbers) {
      const uids = this.holders.get(number) ?? new Set<string>();
      uids.add(uid);
      this.holders.set(number, uids);
    }
  }

  delete(tn: TwilioNumber): void {
    const uid = tn.metadata.uid ?? "";
    for (const number of this.numbersOf.get(uid) ?? []) {
      const uids = this.holders.get(number);
      uids?.delete(uid);
      if (uids?.size === 0) this.holders.delete(number);
    }
    this.numbersOf.delete(uid);
  }

  /** True when a resource other than `self` has chosen or holds `number`. */
  heldByOther(number: string, self: TwilioNumber): boolean {
    const uids = this.holders.get(number);
    if (!uids) return false;
    return uids.size > 1 || !uids.has(self.metadata.uid ?? "");
  }

  /** Keeps the index in step with a reflector's cache. */
  handler(): ResourceEventHandler<TwilioNumber> {
    return {
      onAdd: (tn) => {
        this.set(tn);
      },
      onUpdate: (_previous, tn) => {
        this.set(tn);
      },
      onDelete: (tn) => {
        this.delete(tn);
      },
    };
  }
}

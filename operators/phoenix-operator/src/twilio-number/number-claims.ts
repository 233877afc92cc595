// Which resource this process has chosen each number for, from the moment it is picked until the
// resource lets go of it. Twilio answers a purchase of a number the account already owns with a
// 201 as if it were new, so two resources that picked the same number from overlapping searches
// would both "own" it (one user receiving another's texts); a number claimed here is never picked
// for a second resource. Other resources' statuses cover what an earlier leader chose.
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

// The monthly price of a local number per country, from Twilio's Pricing API (issue 16: the
// operator records the real price instead of one constant for every country). Prices change
// rarely, so each country's answer is kept for `ttlMs` and concurrent reconciles share one call:
// 10,000 new numbers in one country cost one Pricing call an hour, not 10,000.
import { monthlyPrice } from "@phoenix/twilio";
import type { TwilioClient } from "@phoenix/twilio";
import type { Clock } from "@phoenix/kube/clock";

export const DEFAULT_PRICE_TTL_MS = 60 * 60 * 1000;

export interface PriceListOptions {
  twilio: Pick<TwilioClient, "getPhoneNumberPrices">;
  clock: Clock;
  /** How long a country's prices are reused; default one hour. */
  ttlMs?: number;
}

interface Entry {
  at: number;
  price: Promise<string | undefined>;
}

export class PriceList {
  readonly #entries = new Map<string, Entry>();
  readonly #options: PriceListOptions;

  constructor(options: PriceListOptions) {
    this.#options = options;
  }

  /**
   * The current monthly price of a local number in `isoCountry` ("1.15"), or undefined when
   * Twilio lists no local numbers there. A failed lookup is not kept: the caller's error goes to
   * the work queue, which retries.
   */
  localMonthlyPrice(isoCountry: string): Promise<string | undefined> {
    const now = this.#options.clock.now();
    const ttl = this.#options.ttlMs ?? DEFAULT_PRICE_TTL_MS;
    const cached = this.#entries.get(isoCountry);
    if (cached && now - cached.at < ttl) return cached.price;
    const price = this.#options.twilio
      .getPhoneNumberPrices(isoCountry)
      .then((prices) => monthlyPrice(prices, "local"));
    const entry = { at: now, price };
    this.#entries.set(isoCountry, entry);
    price.catch(() => {
      if (this.#entries.get(isoCountry) === entry) this.#entries.delete(isoCountry);
    });
    return price;
  }
}

// Twilio's Pricing API v1 for phone numbers (pricing.twilio.com): the monthly price of a number,
// per country and number type, as `GET /v1/PhoneNumbers/Countries/{IsoCountry}` returns it. The
// prices live in the emulator's state (seeded, settable through the control API, restored by a
// reset), so a test can price a country differently and watch the platform follow.
import { PRICE_UNITS_PER_USD } from "./twilio-format.ts";

/** Pricing API v1 paths, mounted on the emulator's one port (Twilio serves them on its pricing host). */
export const PRICING_PREFIX = "/v1";
/** Where Twilio serves it: the `url` of every resource names this host, as the live API does. */
export const PRICING_ORIGIN = "https://pricing.twilio.com";

/** Twilio's number types as the Pricing API spells them: "local", "mobile", "national", "toll free", … */
export type NumberType = string;

export interface PhoneNumberPrice {
  numberType: NumberType;
  /** Decimal strings, as the live API sends them ("1.15"). */
  basePrice: string;
  currentPrice: string;
}

export interface CountryPrices {
  /** The country's name, e.g. "United States". */
  country: string;
  /** ISO 4217, Twilio sends "USD". */
  priceUnit: string;
  prices: PhoneNumberPrice[];
}

const price = (numberType: NumberType, usd: string): PhoneNumberPrice => ({
  numberType,
  basePrice: usd,
  currentPrice: usd,
});

/**
 * The seed: US at the list prices in the design notes (local $1.15, toll free $2.15 a month;
 * indicative, see the wire-format reference §4), and GB as a second country with the four types
 * the live API lists there (illustrative values). Tests set any other country they need.
 */
export function defaultPhoneNumberPrices(): Record<string, CountryPrices> {
  return {
    US: {
      country: "United States",
      priceUnit: "USD",
      prices: [price("local", "1.15"), price("toll free", "2.15")],
    },
    GB: {
      country: "United Kingdom",
      priceUnit: "USD",
      prices: [
        price("local", "1.00"),
        price("mobile", "1.00"),
        price("national", "1.00"),
        price("toll free", "2.00"),
      ],
    },
  };
}

/** The current monthly price of a number type in a country, in Twilio's units (1e-5 USD); undefined if not priced. */
export function monthlyPriceUnits(
  // The part of the emulator's state it reads (not EmulatorState: state.ts imports this module).
  state: { phoneNumberPrices: ReadonlyMap<string, CountryPrices> },
  isoCountry: string,
  numberType: NumberType,
): number | undefined {
  const found = state.phoneNumberPrices
    .get(isoCountry)
    ?.prices.find((entry) => entry.numberType === numberType);
  return found && Math.round(Number(found.currentPrice) * PRICE_UNITS_PER_USD);
}

/** pricing.v1.phone_number.phone_number_country-instance, field for field as Twilio sends it. */
export function renderCountryPrices(isoCountry: string, prices: CountryPrices) {
  return {
    country: prices.country,
    iso_country: isoCountry,
    phone_number_prices: prices.prices.map((entry) => ({
      number_type: entry.numberType,
      base_price: entry.basePrice,
      current_price: entry.currentPrice,
    })),
    price_unit: prices.priceUnit,
    url: `${PRICING_ORIGIN}${PRICING_PREFIX}/PhoneNumbers/Countries/${isoCountry}`,
  };
}

// Phone numbers by the API's rules: libphonenumber-js (the API's version and metadata) must find a
// valid number; the API stores it as E.164. France comes first in the country list.
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from "libphonenumber-js";
import type { CountryCode } from "libphonenumber-js";

export interface Country {
  code: CountryCode;
  name: string;
  callingCode: string;
}

/** Every country libphonenumber knows, named in `language`: France first, then by name. */
export function countries(language: string): Country[] {
  const names = new Intl.DisplayNames([language], { type: "region" });
  const all = getCountries().map((code) => ({
    code,
    name: names.of(code) ?? code,
    callingCode: getCountryCallingCode(code),
  }));
  const collator = new Intl.Collator(language);
  return all.sort((a, b) => (a.code === "FR" ? -1 : b.code === "FR" ? 1 : collator.compare(a.name, b.name)));
}

/** The E.164 form of what the user typed (national with the chosen country, or +international); undefined if invalid. */
export function toE164(typed: string, country: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(typed.trim(), country);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** A stored E.164 number split for the form: its country and national number. */
export function fromE164(e164: string | null): { country: CountryCode; national: string } {
  const parsed = e164 === null ? undefined : parsePhoneNumberFromString(e164);
  if (!parsed?.country) return { country: "FR", national: "" };
  return { country: parsed.country, national: parsed.formatNational() };
}

/** +33 6 12 34 56 78: how a number is read aloud and typed. */
export function formatInternational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

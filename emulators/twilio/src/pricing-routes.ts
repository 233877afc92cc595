// The Pricing API v1 routes the emulator serves under /v1 (Twilio: https://pricing.twilio.com/v1).
import type { EmulatorContext } from "./context.ts";
import { notFound } from "./errors.ts";
import type { OperationRoute } from "./operation.ts";
import { pathOf, pathParam } from "./operation.ts";
import { renderCountryPrices } from "./pricing.ts";

export function pricingRoutes({ state }: EmulatorContext): OperationRoute[] {
  return [
    {
      method: "GET",
      url: "/PhoneNumbers/Countries/:IsoCountry",
      operation: "FetchPhoneNumberCountry",
      handler: (request) => {
        const isoCountry = pathParam(request, "IsoCountry");
        const prices = state.phoneNumberPrices.get(isoCountry);
        // Twilio's answer for a country it does not price: 404, code 20404, naming the path.
        if (!prices) throw notFound(pathOf(request));
        return { status: 200, body: renderCountryPrices(isoCountry, prices) };
      },
    },
  ];
}

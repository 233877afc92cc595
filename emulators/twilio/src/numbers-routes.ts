// Accounts, AvailablePhoneNumbers and IncomingPhoneNumbers routes of the 2010-04-01 API.
import type { EmulatorContext } from "./context.ts";
import { toForm } from "./form.ts";
import {
  applyPatch,
  buyNumber,
  findNumber,
  listNumbers,
  numberPatchFromForm,
  releaseNumber,
  renderAvailable,
  renderNumber,
  searchAvailable,
} from "./numbers.ts";
import type { OperationRoute } from "./operation.ts";
import { pathOf, pathParam } from "./operation.ts";
import { paginate } from "./pagination.ts";
import type { EmulatorState } from "./state.ts";
import { API_VERSION, rfc2822 } from "./twilio-format.ts";

const account = "/Accounts/:AccountSid";
const numbers = `${account}/IncomingPhoneNumbers`;

export function numberRoutes(ctx: EmulatorContext): OperationRoute[] {
  const { state, clock } = ctx;
  return [
    {
      method: "GET",
      url: `${account}.json`,
      operation: "FetchAccount",
      handler: () => ({ status: 200, body: renderAccount(state) }),
    },
    {
      method: "GET",
      url: `${account}/AvailablePhoneNumbers/:CountryCode/Local.json`,
      operation: "ListAvailablePhoneNumberLocal",
      handler: (request) => {
        const found = searchAvailable(state, pathParam(request, "CountryCode"), toForm(request.query));
        return {
          status: 200,
          body: { available_phone_numbers: found.map(renderAvailable), uri: request.url },
        };
      },
    },
    {
      method: "POST",
      url: `${numbers}.json`,
      operation: "CreateIncomingPhoneNumber",
      handler: (request) => {
        const { number } = buyNumber(state, toForm(request.body), clock.now());
        return { status: 201, body: renderNumber(state.account.sid, number) };
      },
    },
    {
      method: "GET",
      url: `${numbers}.json`,
      operation: "ListIncomingPhoneNumber",
      handler: (request) => {
        const query = toForm(request.query);
        const filters = pick(query, ["Beta", "FriendlyName", "PhoneNumber", "Origin"]);
        const page = paginate(listNumbers(state, query), query, pathOf(request), filters);
        const items = page.items.map((number) => renderNumber(state.account.sid, number));
        return { status: 200, body: { incoming_phone_numbers: items, ...page.meta } };
      },
    },
    {
      method: "GET",
      url: `${numbers}/:Sid.json`,
      operation: "FetchIncomingPhoneNumber",
      handler: (request) => {
        const number = findNumber(state, pathParam(request, "Sid"), pathOf(request));
        return { status: 200, body: renderNumber(state.account.sid, number) };
      },
    },
    {
      method: "POST",
      url: `${numbers}/:Sid.json`,
      operation: "UpdateIncomingPhoneNumber",
      handler: (request) => {
        const number = findNumber(state, pathParam(request, "Sid"), pathOf(request));
        applyPatch(state, number, numberPatchFromForm(toForm(request.body)), clock.now());
        return { status: 200, body: renderNumber(state.account.sid, number) };
      },
    },
    {
      method: "DELETE",
      url: `${numbers}/:Sid.json`,
      operation: "DeleteIncomingPhoneNumber",
      handler: (request) => {
        releaseNumber(state, findNumber(state, pathParam(request, "Sid"), pathOf(request)), clock.now());
        return { status: 204 };
      },
    },
  ];
}

export function pick(
  form: Readonly<Record<string, string>>,
  names: readonly string[],
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = form[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

function renderAccount(state: EmulatorState): Record<string, unknown> {
  const { sid, authToken, dateCreated } = state.account;
  const base = `/${API_VERSION}/Accounts/${sid}`;
  return {
    auth_token: authToken,
    date_created: rfc2822(dateCreated),
    date_updated: rfc2822(dateCreated),
    friendly_name: "Phoenix Twilio emulator",
    owner_account_sid: sid,
    sid,
    status: "active",
    subresource_uris: {
      available_phone_numbers: `${base}/AvailablePhoneNumbers.json`,
      incoming_phone_numbers: `${base}/IncomingPhoneNumbers.json`,
      messages: `${base}/Messages.json`,
    },
    type: "Full",
    uri: `${base}.json`,
  };
}

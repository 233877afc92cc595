// How the control API shows the emulator's state: plain JSON with ISO timestamps, and the
// month's cost at the Pricing API's number price and Twilio's US segment price.
import type { CostView, MessageView, NumberView, StateView } from "./control-schema.ts";
import { describeFaults } from "./faults.ts";
import { remainingByArea } from "./pool.ts";
import type { EmulatorState, IncomingNumber, MessageRecord } from "./state.ts";
import { isTaken } from "./state.ts";
import { monthlyPriceUnits } from "./pricing.ts";
import { PRICE_UNITS_PER_USD, SEGMENT_PRICE_UNITS } from "./twilio-format.ts";

const iso = (ms: number): string => new Date(ms).toISOString();

export function numberView(number: IncomingNumber): NumberView {
  return {
    sid: number.sid,
    phoneNumber: number.phoneNumber,
    friendlyName: number.friendlyName,
    smsUrl: number.smsUrl,
    smsMethod: number.smsMethod,
    smsFallbackUrl: number.smsFallbackUrl,
    statusCallback: number.statusCallback,
    dateCreated: iso(number.dateCreated),
    dateUpdated: iso(number.dateUpdated),
  };
}

export function messageView(message: MessageRecord): MessageView {
  return {
    sid: message.sid,
    direction: message.direction,
    from: message.from,
    to: message.to,
    body: message.body,
    status: message.status,
    errorCode: message.errorCode,
    numSegments: message.numSegments,
    price: message.price,
    messagingServiceSid: message.messagingServiceSid,
    statusCallback: message.statusCallback,
    dateCreated: iso(message.dateCreated),
    dateSent: message.dateSent === null ? null : iso(message.dateSent),
  };
}

/** Segments Twilio bills: outbound once sent (priced), inbound once received. */
export function costOf(state: EmulatorState): CostView {
  let outboundSegments = 0;
  let inboundSegments = 0;
  for (const message of state.messages.values()) {
    if (message.price === null) continue;
    if (message.direction === "inbound") inboundSegments += message.numSegments;
    else outboundSegments += message.numSegments;
  }
  const numbersOwned = state.numbers.size;
  // Every number the emulator sells is a US local one: its rent is what the Pricing API says.
  const numberUnits = monthlyPriceUnits(state, "US", "local") ?? 0;
  const units = numbersOwned * numberUnits + (outboundSegments + inboundSegments) * SEGMENT_PRICE_UNITS;
  return {
    numbersOwned,
    outboundSegments,
    inboundSegments,
    numberMonthlyUsd: numberUnits / PRICE_UNITS_PER_USD,
    segmentUsd: SEGMENT_PRICE_UNITS / PRICE_UNITS_PER_USD,
    monthlyCostUsd: units / PRICE_UNITS_PER_USD,
  };
}

export function stateView(state: EmulatorState, { summary = false } = {}): StateView {
  const view: StateView = {
    accountSid: state.account.sid,
    calls: Object.fromEntries(
      [...state.calls].map(([operation, stats]) => [operation, structuredClone(stats)]),
    ),
    cost: costOf(state),
    available: remainingByArea(state.pool, (phone) => isTaken(state, phone)),
    audit: state.audit.map((event) => ({ ...event, at: iso(event.at) })),
    faults: describeFaults(state.faults),
    destinations: Object.fromEntries(state.destinations),
    phoneNumberPrices: structuredClone(Object.fromEntries(state.phoneNumberPrices)),
  };
  if (summary) return view;
  return {
    ...view,
    numbers: [...state.numbers.values()].map(numberView),
    messages: [...state.messages.values()].map(messageView),
    deliveries: state.deliveries.map((delivery) => ({ ...delivery, at: iso(delivery.at) })),
  };
}

// Malformed deliveries to Stripe's webhook (POST /v1/billing/webhook; test/platform/fuzz-api):
// other encodings, missing or wrong signatures, and signed bodies that are not events the API can
// apply — an envelope or a field of the object that is missing, of another type, out of the
// column's range or holding NUL. Each must be a 4xx and record nothing.
import { createHmac } from "node:crypto";
import { foreignContentTypes, nonObjects, nonStrings, unparsableJson } from "./fuzz.ts";
import type { FuzzCase, Random } from "./fuzz.ts";

const URL = "/v1/billing/webhook";

/** A Stripe-Signature header for `payload`, as Stripe signs it. */
export function stripeSignature(payload: string, secret: string, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${createHmac("sha256", secret).update(`${at}.${payload}`).digest("hex")}`;
}

type StripeObject = Record<string, unknown>;

/** One event of each type the API applies, about `userId`, as Stripe would send it. */
function events(userId: string, created: number): Array<[string, StripeObject]> {
  const owner = { customer: "cus_fuzz", metadata: { userId }, client_reference_id: userId };
  const period = { current_period_start: created, current_period_end: created + 86_400 };
  return [
    [
      "checkout.session.completed",
      { ...owner, subscription: "sub_fuzz", payment_status: "paid", status: "complete" },
    ],
    [
      "customer.subscription.updated",
      {
        ...owner,
        id: "sub_fuzz",
        status: "active",
        cancel_at_period_end: false,
        items: { data: [{ price: { id: "price_fuzz" }, ...period }] },
      },
    ],
    [
      "invoice.paid",
      {
        ...owner,
        id: "in_fuzz",
        status: "paid",
        amount_due: 900,
        amount_paid: 900,
        currency: "usd",
        period_start: created,
        period_end: created + 86_400,
      },
    ],
  ];
}

const envelopeDefects: Array<[string, unknown]> = [
  ["id", undefined],
  ["id", 1],
  ["id", ""],
  ["id", "evt_\u0000"],
  ["type", 7],
  ["type", "customer subscription"],
  ["created", "1760000000"],
  ["created", -1],
  ["created", 1e15],
  ["data", null],
  ["data", {}],
  ["data", { object: "sub_fuzz" }],
];

export function stripeCases(random: Random, secret: string, userId: string): FuzzCase[] {
  const created = Math.floor(Date.now() / 1000);
  const post = (
    what: string,
    payload: string | Buffer,
    headers: Record<string, string>,
    expected = 400,
  ): FuzzCase => ({
    name: `Stripe webhook: ${what}`,
    request: { method: "POST", url: URL, payload, headers },
    expected,
  });
  const signed = (what: string, value: unknown) => {
    const payload = typeof value === "string" ? value : JSON.stringify(value);
    const headers = {
      "content-type": "application/json; charset=utf-8",
      "stripe-signature": stripeSignature(payload, secret),
    };
    return post(`signed, ${what}`, payload, headers);
  };
  const event = (type: string, object: StripeObject): StripeObject => ({
    id: `evt_fuzz_${random.bytes(8).toString("hex")}`,
    object: "event",
    type,
    created,
    data: { object },
  });
  const applied = events(userId, created);
  const valid = JSON.stringify(event(...applied[1]!));
  const json = { "content-type": "application/json" };
  const cases: FuzzCase[] = [
    ...foreignContentTypes.map((type) =>
      post(
        `Content-Type ${type}`,
        valid,
        { "content-type": type, "stripe-signature": stripeSignature(valid, secret) },
        415,
      ),
    ),
    post("unsigned", valid, json),
    post("signed with another secret", valid, {
      ...json,
      "stripe-signature": stripeSignature(valid, "whsec_other"),
    }),
    post("signed an hour ago", valid, {
      ...json,
      "stripe-signature": stripeSignature(valid, secret, created - 3600),
    }),
    post("a signature header of junk", valid, { ...json, "stripe-signature": "t=x,v1=" }),
  ];
  for (const payload of unparsableJson(random))
    if (payload.length > 0) cases.push(signed("not JSON", payload.toString()));
  for (const value of nonObjects) cases.push(signed(JSON.stringify(value), value));
  for (const [field, value] of envelopeDefects) {
    cases.push(
      signed(`event ${field} = ${JSON.stringify(value)}`, { ...event(...applied[1]!), [field]: value }),
    );
  }
  for (const [type, object] of applied) {
    for (const [field, good] of Object.entries(object)) {
      const defects = [
        ...nonStrings.filter((value) => value !== null && typeof value !== typeof good),
        `${String(good)}\u0000`,
      ];
      for (const value of random.sample(defects, 4)) {
        cases.push(
          signed(`${type} ${field} = ${JSON.stringify(value)}`, event(type, { ...object, [field]: value })),
        );
      }
    }
    if ("id" in object)
      cases.push(signed(`${type} without an id`, event(type, { ...object, id: undefined })));
  }
  const invoice = applied[2]![1];
  cases.push(signed("an amount past bigint", event("invoice.paid", { ...invoice, amount_due: 1e30 })));
  cases.push(signed("a period before 1970", event("invoice.paid", { ...invoice, period_start: -86_400 })));
  return cases;
}

// The Stripe catalogue the local platform sells (make demo): the Premium product and its monthly
// price, created once at the Stripe emulator with the official client and found again by lookup
// key on later runs. Prints the price id (the API's STRIPE_PREMIUM_PRICE_ID).
//   STRIPE_API_URL=http://127.0.0.1:26498 STRIPE_SECRET_KEY=sk_test_… node tools/stripe-catalogue.ts
import Stripe from "stripe";

const PREMIUM_LOOKUP_KEY = "phoenix_premium_monthly";

const apiUrl = new URL(process.env["STRIPE_API_URL"] ?? "http://127.0.0.1:26498");
const stripe = new Stripe(process.env["STRIPE_SECRET_KEY"] ?? "", {
  host: apiUrl.hostname,
  port: Number(apiUrl.port),
  protocol: apiUrl.protocol === "https:" ? "https" : "http",
});

const existing = await stripe.prices.list({ lookup_keys: [PREMIUM_LOOKUP_KEY], limit: 1 });
let price = existing.data[0];
if (!price) {
  const product = await stripe.products.create({
    name: "Phoenix Premium",
    description: "SMS assistant without daily limit, unlimited letters and CVs, the coach Alessio",
  });
  price = await stripe.prices.create({
    product: product.id,
    currency: "eur",
    unit_amount: 990,
    recurring: { interval: "month" },
    lookup_key: PREMIUM_LOOKUP_KEY,
  });
}
process.stdout.write(price.id);

// The web app for browser tests: services/web as a child process serving the client Vite built
// (tools/browser.sh build-client; `make test` runs it first), alone or with the whole platform
// behind the edge.
import { existsSync } from "node:fs";
import path from "node:path";
import { startStripeEmulator } from "@phoenix/stripe-emulator/testing";
import type { StripeEmulator } from "@phoenix/stripe-emulator/testing";
import { startOperator } from "../../operators/phoenix-operator/test/harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../../operators/phoenix-operator/test/harness.ts";
import { setupTwilioNumberEnvironment } from "../../operators/phoenix-operator/test/twilio-number/probes.ts";
import { apiServiceAccount, startTestApi } from "../api/harness.ts";
import type { TestApi } from "../api/harness.ts";
import { startEmulatorPair } from "@phoenix/llm/testing";
import type { EmulatorPair } from "@phoenix/llm/testing";
import { startTestIris } from "../iris/harness.ts";
import type { TestIris } from "../iris/harness.ts";
import { startTestCareer } from "../career/harness.ts";
import type { TestCareer } from "../career/harness.ts";
import { startEdge } from "./edge.ts";
import type { EdgeProcess } from "./edge.ts";
import { ensurePremium } from "../../tools/stripe-catalogue.ts";
import { localEnv, repoRoot } from "./local-env.ts";
import { freePort, startServiceProcess, startSmsPath } from "./sms-path.ts";
import type { ServiceProcess, SmsPath } from "./sms-path.ts";

export const clientDir = path.join(repoRoot, "services/web/dist/client");

export interface WebProcessOptions {
  /** Where the pricing page reads the plans (an API's base URL); default a closed port. */
  apiUrl?: string;
  /** The origin the browser sees; default the web process's own URL. */
  publicBaseUrl?: string;
  port?: number;
}

export async function startWebProcess(options: WebProcessOptions = {}): Promise<ServiceProcess> {
  if (!existsSync(path.join(clientDir, "index.html")))
    throw new Error(`no built client in ${clientDir}: run tools/browser.sh build-client (make test does)`);
  const port = options.port ?? (await freePort());
  return startServiceProcess("web", {
    HTTP_PORT: String(port),
    API_INTERNAL_URL: options.apiUrl ?? "http://127.0.0.1:9",
    PUBLIC_BASE_URL: options.publicBaseUrl ?? `http://127.0.0.1:${String(port)}`,
    CLIENT_DIR: clientDir,
    PLANS_CACHE_MS: "0",
  });
}

/**
 * Everything a person's browser touches, on one origin as behind the Gateway: the edge (nginx
 * with the route table's config) in front of the web app, the API (in this process, on the SMS
 * path's database and queues) and the SMS router; the agent and workers; the operator making
 * TwilioNumbers Ready in a namespace of its own; the Twilio and Stripe emulators. Twilio signs and
 * posts to the edge's URL, as it would to the Gateway's.
 */
export interface WebStack {
  /** The edge: http://127.0.0.1:<port>, the one origin the browser opens. */
  url: string;
  api: TestApi;
  sms: SmsPath;
  stripe: StripeEmulator;
  twilio: OperatorEnvironment;
  operator: OperatorProcess;
  web: ServiceProcess;
  /** Iris (in this process) on the API's key set, the SMS path's data and queues, the two LLM emulators. */
  iris: TestIris;
  llm: EmulatorPair;
  /** Career (in this process) on the API's key set, the SMS path's database, the Stripe emulator and the LLM emulators. */
  career: TestCareer;
  edge: EdgeProcess;
  close(): Promise<void>;
}

export const STRIPE_WEBHOOK_SECRET = "whsec_phoenix_web_test_0123456789";

export interface WebStackOptions {
  /** On top of the API's test environment (e.g. a short ACCESS_TOKEN_TTL_SECONDS). */
  apiEnv?: Record<string, string>;
  /** The coach (and career's letter rewrite) with no LLM provider configured; the emulators still run, unused. */
  coachWithoutLlm?: boolean;
}

export async function startWebStack(options: WebStackOptions = {}): Promise<WebStack> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const edgePort = await freePort();
    const url = `http://127.0.0.1:${String(edgePort)}`;
    const twilio = await setupTwilioNumberEnvironment("web");
    closers.push(() => twilio.teardown());
    const sms = await startSmsPath({
      emulator: twilio.emulator,
      env: {
        PUBLIC_BASE_URL: url,
        NUMBER_SYNC: "kubernetes",
        NUMBER_SYNC_NAMESPACE: twilio.namespace,
        NUMBER_SYNC_LEASE_NAMESPACE: twilio.namespace,
        KUBECONFIG: localEnv.kubeconfig,
      },
    });
    closers.push(() => sms.close());
    const operator = await startOperator(twilio, { PUBLIC_BASE_URL: url });
    const stripe = await startStripeEmulator();
    closers.push(() => stripe.close());
    const kube = await apiServiceAccount(twilio.namespace);
    const api = await startTestApi({
      kube,
      listen: true,
      env: {
        DATABASE_URL: sms.databaseUrl,
        QUEUE_PREFIX: sms.prefix,
        RATE_LIMIT_PREFIX: `${sms.prefix}:rl`,
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_API_URL: stripe.url,
        STRIPE_WEBHOOK_SECRET,
        STRIPE_PREMIUM_PRICE_ID: await ensurePremium(stripe.client()),
        PUBLIC_APP_URL: url,
        WEB_ORIGINS: url,
        ADMIN_REQUIRE_MFA: "true",
        RATE_LIMIT_LOGIN_ATTEMPTS: "1000",
        ...options.apiEnv,
      },
    });
    closers.push(() => api.close());
    await stripe.control.createWebhookEndpoint({
      url: `${url}/v1/billing/webhook`,
      secret: STRIPE_WEBHOOK_SECRET,
    });
    const web = await startWebProcess({ apiUrl: api.url, publicBaseUrl: url });
    closers.push(() => web.kill("SIGTERM"));
    const llm = await startEmulatorPair();
    closers.push(() => llm.close());
    const iris = await startTestIris({
      databaseUrl: sms.databaseUrl,
      queuePrefix: sms.prefix,
      env: {
        JWT_KEYSET_DIR: api.jwtKeys.dir,
        LLM_PROVIDERS: options.coachWithoutLlm ? "[]" : JSON.stringify(llm.providers),
      },
    });
    closers.push(() => iris.close());
    const career = await startTestCareer({
      databaseUrl: sms.databaseUrl,
      listen: true,
      env: {
        JWT_KEYSET_DIR: api.jwtKeys.dir,
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_API_URL: stripe.url,
        LLM_PROVIDERS: options.coachWithoutLlm ? "[]" : JSON.stringify(llm.providers),
      },
    });
    closers.push(() => career.close());
    const edge = await startEdge({
      port: edgePort,
      upstreams: { api: api.url, web: web.url, twilio: sms.router.url, iris: iris.url, career: career.url },
    });
    closers.push(() => edge.stop());
    return { url, api, sms, stripe, twilio, operator, web, iris, llm, career, edge, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The premium plan's product and monthly price at the Stripe emulator; returns the price id. */
export async function premiumPrice(stripe: StripeEmulator, currency = "usd", amount = 900): Promise<string> {
  const client = stripe.client();
  const product = await client.products.create({ name: "Phoenix Premium" });
  const price = await client.prices.create({
    product: product.id,
    currency,
    unit_amount: amount,
    recurring: { interval: "month" },
  });
  return price.id;
}

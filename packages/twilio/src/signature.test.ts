import { afterEach, describe, expect, it } from "vitest";
import { twilioSignature as emulatorSignature } from "@phoenix/twilio-emulator/signature";
import { publishedSignatureVector } from "@phoenix/twilio-emulator/testing";
import { signedUrlForms, twilioSignature, validateTwilioSignature } from "./signature.ts";
import type { SignedParams } from "./signature.ts";
import { AUTH_TOKEN, startEmulator, startReceiver } from "./testing.ts";
import type { ReceivedRequest, Receiver, RunningEmulator } from "./testing.ts";

const { url, params } = publishedSignatureVector;

describe("validateTwilioSignature against Twilio's published vectors", () => {
  it("accepts twilio-node's test vector", () => {
    expect(twilioSignature("12345", url, params)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    expect(
      validateTwilioSignature({ authToken: "12345", url, params, signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=" }),
    ).toBe(true);
  });

  it("accepts the docs example, params in any order", () => {
    const docs = { ...params, Caller: "+12349013030", From: "+12349013030" };
    const reversed = Object.fromEntries(Object.entries(docs).reverse());
    const signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
    expect(validateTwilioSignature({ authToken: "12345", url, params: reversed, signature })).toBe(true);
  });

  it("signs the URL alone when the params are in it (GET, bodySHA256)", () => {
    const hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    const signature = "a9nBmqA0ju/hNViExpshrM61xv4=";
    expect(validateTwilioSignature({ authToken: "12345", url: `${url}&bodySHA256=${hash}`, signature })).toBe(
      true,
    );
  });

  it("appends each de-duplicated, sorted value of a multi-valued param", () => {
    const multi = twilioSignature("12345", url, { MediaUrl: ["b", "a", "b"] });
    expect(multi).toBe(twilioSignature("12345", `${url}MediaUrlaMediaUrlb`));
  });

  it.each([
    ["a changed param", { authToken: "12345", url, params: { ...params, Digits: "1235" } }],
    ["an added param", { authToken: "12345", url, params: { ...params, Extra: "" } }],
    ["another URL", { authToken: "12345", url: url.replace("https", "http"), params }],
    ["another auth token", { authToken: "54321", url, params }],
  ])("rejects %s", (_name, check) => {
    expect(validateTwilioSignature({ ...check, signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=" })).toBe(false);
  });

  it.each([undefined, "", "short", "RSOYDt4T1cUTdK1PDd93/VVr8B8"])(
    "rejects the signature %j",
    (signature) => {
      expect(validateTwilioSignature({ authToken: "12345", url, params, signature })).toBe(false);
    },
  );

  it("rejects everything when no auth token is configured", () => {
    const signature = twilioSignature("", url, params);
    expect(validateTwilioSignature({ authToken: "", url, params, signature })).toBe(false);
  });

  it("agrees with the emulator's implementation", () => {
    const cases: { url: string; params: SignedParams }[] = [
      { url, params },
      {
        url: "https://sms.phoenix.example/twilio/sms",
        params: { Body: "Ça va? ✓ 🙂 a&b=c", From: "+33612345678" },
      },
      { url: "https://h.example/x?q=%27quoted%27", params: { Empty: "", B: "2", a: "1", Z: "0" } },
      { url: "https://h.example/m", params: { MediaUrl0: "https://m.example/1", MediaUrl: ["z", "y", "z"] } },
    ];
    for (const { url: caseUrl, params: caseParams } of cases) {
      expect(twilioSignature(AUTH_TOKEN, caseUrl, caseParams)).toBe(
        emulatorSignature(AUTH_TOKEN, caseUrl, caseParams),
      );
    }
  });
});

describe("validateTwilioSignature over both URL forms (with and without the default port)", () => {
  const form = { MessageSid: "SM0123456789abcdef0123456789abcdef", Body: "hi" };
  const signed = (signedUrl: string) => twilioSignature("12345", signedUrl, form);
  const check = (configured: string, signature: string) =>
    validateTwilioSignature({ authToken: "12345", url: configured, params: form, signature });

  it.each([
    ["https://sms.example/twilio/sms", "https://sms.example:443/twilio/sms"],
    ["https://sms.example:443/twilio/sms", "https://sms.example/twilio/sms"],
    ["http://sms.example/twilio/sms?x=1", "http://sms.example:80/twilio/sms?x=1"],
    ["http://sms.example:80/twilio/sms", "http://sms.example/twilio/sms"],
    ["HTTPS://user:pw@sms.example/t", "HTTPS://user:pw@sms.example:443/t"],
    ["https://[2001:db8::1]/t", "https://[2001:db8::1]:443/t"],
  ])("configured %s accepts a signature over %s, and over itself", (configured, other) => {
    expect(check(configured, signed(other))).toBe(true);
    expect(check(configured, signed(configured))).toBe(true);
  });

  it.each([
    ["a non-default port dropped", "https://sms.example:8443/t", "https://sms.example/t"],
    ["another port added", "https://sms.example/t", "https://sms.example:8443/t"],
    ["the other scheme's default port", "https://sms.example/t", "https://sms.example:80/t"],
    ["http's default port on https", "http://sms.example/t", "http://sms.example:443/t"],
  ])("rejects %s", (_name, configured, other) => {
    expect(check(configured, signed(other))).toBe(false);
  });

  it("rejects a wrong signature in either form", () => {
    const configured = "https://sms.example/twilio/sms";
    const wrong = twilioSignature("54321", "https://sms.example:443/twilio/sms", form);
    expect(check(configured, wrong)).toBe(false);
    expect(check(configured, twilioSignature("54321", configured, form))).toBe(false);
  });

  it("lists the forms: as configured first, then with the default port toggled", () => {
    expect(signedUrlForms("https://h.example/p?q#f")).toEqual([
      "https://h.example/p?q#f",
      "https://h.example:443/p?q#f",
    ]);
    expect(signedUrlForms("https://h.example:443")).toEqual(["https://h.example:443", "https://h.example"]);
    expect(signedUrlForms("http://127.0.0.1:26483/twilio/sms")).toEqual([
      "http://127.0.0.1:26483/twilio/sms",
    ]);
    expect(signedUrlForms("ftp://h.example/p")).toEqual(["ftp://h.example/p"]);
    expect(signedUrlForms("not a url")).toEqual(["not a url"]);
  });
});

describe("validateTwilioSignature on untrusted input never throws", () => {
  const url = "https://sms.example/twilio/sms";
  it.each([
    ["a number value", { MessageSid: 1 }],
    ["a boolean value", { Body: true }],
    ["a null value", { Body: null }],
    ["an object value", { Body: { nested: "x" } }],
    ["an array holding a number", { MediaUrl: ["a", 2] }],
    ["an array holding an array", { MediaUrl: [["a"]] }],
    ["an array instead of a form", ["MessageSid", "SM1"]],
    ["a string instead of a form", "MessageSid=SM1"],
    ["null instead of a form", null],
    ["a number instead of a form", 42],
  ])("rejects params with %s", (_name, params) => {
    // The signature a lenient implementation would compute over String(value) must not pass either.
    const lenient = twilioSignature("12345", url, { MessageSid: "1", Body: "true" });
    expect(() =>
      validateTwilioSignature({ authToken: "12345", url, params, signature: lenient }),
    ).not.toThrow();
    expect(validateTwilioSignature({ authToken: "12345", url, params, signature: lenient })).toBe(false);
  });

  it("accepts a form with repeated names (arrays of strings), in a null-prototype object", () => {
    const params = Object.create(null) as Record<string, string | string[]>;
    params["MediaUrl"] = ["b", "a"];
    params["__proto__"] = "x";
    const signature = twilioSignature("12345", url, params);
    expect(signature).not.toBe(twilioSignature("12345", url, { MediaUrl: ["b", "a"] }));
    expect(validateTwilioSignature({ authToken: "12345", url, params, signature })).toBe(true);
  });

  it.each([[["sig", "sig"]], [42], [null], [{}]])("rejects the signature header %j", (signature) => {
    expect(validateTwilioSignature({ authToken: "12345", url, params: {}, signature })).toBe(false);
  });
});

describe("validateTwilioSignature against the emulator's signed webhooks", () => {
  let emulator: RunningEmulator | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await emulator?.close();
    await receiver?.close();
  });

  const header = (request: ReceivedRequest): string | undefined => {
    const value = request.headers["x-twilio-signature"];
    return typeof value === "string" ? value : undefined;
  };

  async function inbound(smsUrl: string, smsMethod: "GET" | "POST"): Promise<ReceivedRequest> {
    const number = await emulator!.client().buyNumber({ areaCode: "415", smsUrl, smsMethod });
    await emulator!.control.inbound({
      from: "+12125550199",
      to: number.phone_number,
      body: "Ça va? a&b=c ✓",
    });
    const [request] = await receiver!.waitFor(1);
    return request!;
  }

  it("accepts an inbound SMS POST, with every form param as received", async () => {
    receiver = await startReceiver();
    emulator = await startEmulator();
    const smsUrl = `${receiver.url}/twilio/sms?tenant=a`;

    const request = await inbound(smsUrl, "POST");

    expect(request.form).toMatchObject({ Body: "Ça va? a&b=c ✓", SmsStatus: "received" });
    const check = { authToken: AUTH_TOKEN, url: smsUrl, params: request.form, signature: header(request) };
    expect(validateTwilioSignature(check)).toBe(true);
    expect(validateTwilioSignature({ ...check, params: { ...request.form, Body: "other" } })).toBe(false);
    expect(validateTwilioSignature({ ...check, authToken: "another-token" })).toBe(false);
  });

  it("accepts an inbound SMS GET, signed over the full URL", async () => {
    receiver = await startReceiver();
    emulator = await startEmulator();

    const request = await inbound(`${receiver.url}/twilio/sms`, "GET");

    expect(request.method).toBe("GET");
    const check = { authToken: AUTH_TOKEN, url: receiver.url + request.url, signature: header(request) };
    expect(validateTwilioSignature(check)).toBe(true);
  });

  it("needs the public URL, not the one seen behind a TLS-terminating gateway", async () => {
    receiver = await startReceiver();
    const publicUrl = "https://sms.phoenix.example";
    emulator = await startEmulator({ webhookRewrites: [{ from: publicUrl, to: receiver.url }] });

    const request = await inbound(`${publicUrl}/twilio/sms`, "POST");

    const check = { authToken: AUTH_TOKEN, params: request.form, signature: header(request) };
    expect(request.headers["x-forwarded-proto"]).toBe("https");
    expect(validateTwilioSignature({ ...check, url: publicUrl + request.url })).toBe(true);
    expect(validateTwilioSignature({ ...check, url: receiver.url + request.url })).toBe(false);
  });

  it("accepts every status callback of a sent message", async () => {
    receiver = await startReceiver();
    emulator = await startEmulator();
    const twilio = emulator.client();
    const sender = await twilio.buyNumber({ areaCode: "212" });
    const statusCallback = `${receiver.url}/twilio/status`;

    await twilio.sendMessage({ from: sender.phone_number, to: "+14155550123", body: "hi", statusCallback });

    const callbacks = await receiver.waitFor(2);
    expect(callbacks.map((request) => request.form["MessageStatus"])).toEqual(["sent", "delivered"]);
    for (const request of callbacks) {
      const check = {
        authToken: AUTH_TOKEN,
        url: statusCallback,
        params: request.form,
        signature: header(request),
      };
      expect(validateTwilioSignature(check)).toBe(true);
    }
  });
});

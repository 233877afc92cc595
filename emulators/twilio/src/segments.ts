// The segment counter lives in @phoenix/twilio (the agent sizes its replies with it); the emulator
// keeps this path so its own modules and the "./segments" export stay as they were.
export { countSegments, smsEncoding } from "@phoenix/twilio/segments";
export type { SegmentCount, SmsEncoding } from "@phoenix/twilio/segments";

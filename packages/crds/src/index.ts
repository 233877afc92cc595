export * from "./schema.ts";
export * from "./twilio-number.ts";
export * from "./key-rotation.ts";
export { renderCrds } from "./render.ts";

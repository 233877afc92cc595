export { insertedRow, withSystem, withUser } from "./scope.ts";
export type { Tx } from "./scope.ts";
export { assertMigrated, knownMigrations, migrateStore, migrationsDir } from "./migrate.ts";
export type { MigrateStoreOptions } from "./migrate.ts";
export { applyChanges, enqueueAfterCommit } from "./changes.ts";
export type { AfterCommit, Applied, ApplyScope, Change } from "./changes.ts";
export { eventHash, recordEvent } from "./events.ts";
export type { DomainEvent } from "./events.ts";
export { addUsage, draftOutbound, rankOf, routeFor, statusRank } from "./messages.ts";
export type { OutboundDraft, OutboundKind, Route } from "./messages.ts";
export {
  closeQueues,
  createQueues,
  defaultJobOptions,
  defaultQueuePrefix,
  jobIds,
  queueNames,
  scheduleReminder,
  TracedQueue,
} from "./queues.ts";
export type {
  FocusJob,
  InboundJob,
  JobTypes,
  OutboundJob,
  QueueName,
  Queues,
  ReminderJob,
  Traced,
} from "./queues.ts";
export { handledByTwilio, keywordOf } from "./keywords.ts";
export type { Keyword } from "./keywords.ts";
export { quotaLimits, smsQuota, smsQuotaConfig } from "./quota.ts";
export type { QuotaLimits, QuotaPoint, QuotaUser, SmsQuota } from "./quota.ts";

// The container ports of the Phoenix components (architecture.md §1): the charts' Services and
// the route table (routes/table.ts) use them.
export const ports = {
  api: 8000,
  agent: 8001,
  workers: 8002,
  smsRouter: 8003,
  web: 8004,
  iris: 8005,
  career: 8006,
  operator: 8080,
} as const;

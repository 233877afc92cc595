// The container ports of the Phoenix components (architecture.md §1). career and iris are not
// built yet: their ports are reserved here for the planned routes (routes/table.ts).
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

// The client's address behind the gateway. TLS and the connection end at the ingress, so the
// socket's peer is the proxy: with TRUST_PROXY_HOPS = n, the address n entries from the right of
// X-Forwarded-For is the client (entries further left can be forged by the client itself).
import type { FastifyRequest } from "fastify";

export function clientIp(request: FastifyRequest, trustedHops: number): string {
  if (trustedHops === 0) return request.ip;
  const header = request.headers["x-forwarded-for"];
  const chain = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return chain[chain.length - trustedHops] ?? chain[0] ?? request.ip;
}

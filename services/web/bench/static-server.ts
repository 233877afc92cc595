// The benchmark's baseline: a bare fastify serving one directory's files with @fastify/static, in
// a process of its own (the benchmark's process also hosts the API under test).
//   node services/web/bench/static-server.ts <dir> <port>
import fastifyStatic from "@fastify/static";
import Fastify from "fastify";

const [root, port] = process.argv.slice(2);
if (root === undefined || port === undefined) throw new Error("usage: static-server.ts <dir> <port>");
const app = Fastify();
await app.register(fastifyStatic, { root });
await app.listen({ host: "127.0.0.1", port: Number(port) });
process.stdout.write("listening\n");
process.once("SIGTERM", () => void app.close());

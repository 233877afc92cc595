# syntax=docker/dockerfile:1
# One image for any Phoenix process, chosen by build argument:
#   docker build --build-arg SERVICE=services/agent -t phoenix.local/phoenix-agent:dev .
#   docker build --build-arg SERVICE=operators/phoenix-operator -t phoenix.local/phoenix-operator:dev .
# `make images` builds them all. Node runs the TypeScript sources directly (type stripping,
# docs/decisions/0001), so the servers need no compile step. A workspace with a `build` script
# (services/web: its Vite client into dist/client) is built first, with its dev dependencies, which
# are then thrown away; the image gets only the production dependencies of that one workspace, and
# the runtime is distroless (no shell, no package manager).
ARG NODE_VERSION=24.21.0

FROM node:${NODE_VERSION}-bookworm-slim AS build
ARG SERVICE
WORKDIR /app
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=services/<name> (or operators/phoenix-operator)" >&2; exit 1; }
# Every workspace's manifest must be present for npm to resolve the workspace graph.
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY operators ./operators
COPY emulators ./emulators
COPY cdk8s/package.json ./cdk8s/package.json
RUN test -f "$SERVICE/package.json" || { echo "no workspace at $SERVICE" >&2; exit 1; }
# Build step (only when the workspace declares one): full install, build, then no node_modules left.
RUN if node -e 'process.exit(require(process.argv[1]).scripts?.build ? 0 : 1)' "/app/$SERVICE/package.json"; then \
      npm ci --no-audit --no-fund --workspace "$SERVICE" \
      && npm run build --workspace "$SERVICE" \
      && find . -name node_modules -type d -prune -exec rm -rf {} +; \
    fi
# The runtime keeps only the shared kernel, this service (with what its build produced) and the
# installed modules. Native modules come prebuilt from the lock file's optional dependencies for
# this platform: career's Typst compiler (@myriaddreamin/typst-ts-node-compiler-linux-x64-gnu,
# its fonts built in, so the image needs no font files) wants glibc — both stages are Debian.
RUN npm ci --omit=dev --no-audit --no-fund --workspace "$SERVICE" \
 && entry=src/server.ts && { [ -f "$SERVICE/$entry" ] || entry=src/main.ts; } \
 && test -f "$SERVICE/$entry" \
 && printf 'import "./%s/%s";\n' "$SERVICE" "$entry" > start.mjs \
 && mkdir -p /out/app && cp -a start.mjs package.json node_modules packages /out/app/ \
 && mkdir -p "/out/app/$(dirname "$SERVICE")" && cp -a "$SERVICE" "/out/app/$SERVICE" \
 && find /out/app -name '*.test.ts' -delete

FROM gcr.io/distroless/nodejs24-debian12:nonroot
ARG SERVICE
LABEL org.opencontainers.image.title="phoenix ${SERVICE}" \
      org.opencontainers.image.source="https://github.com/phoenix/phoenix"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=65532:65532 /out/app /app
# UID/GID 65532 (distroless "nonroot"): the charts set runAsUser to the same value.
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node"]
CMD ["/app/start.mjs"]

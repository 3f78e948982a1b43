# syntax=docker/dockerfile:1
# Multi-stage: compile TypeScript with dev dependencies, then ship only the production ones, as a non-root user.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The `node` devDependency exists to give Node 20 machines Node 22; this image has Node 22 already.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY blocks ./blocks
COPY sandbox ./sandbox
COPY bench ./bench
COPY scripts ./scripts
# tsc, then esbuild bundles the product (dist/src/main.js → dist/bundle/) and the sandbox (→ dist/sandbox-bundle/)
RUN node node_modules/typescript/bin/tsc -p tsconfig.json && node scripts/bundle.mjs
# What the image ships, gathered in /ship: the product's bundle; the sandbox's bundle and page only when the build
# asks for them (--build-arg WITH_SANDBOX=1), e.g. for a demo in a container.
ARG WITH_SANDBOX=0
RUN mkdir -p /ship/dist && cp -r dist/bundle /ship/dist/ \
 && if [ "$WITH_SANDBOX" = 1 ]; then cp -r dist/sandbox-bundle /ship/dist/ && mkdir /ship/sandbox && cp -r sandbox/page /ship/sandbox/; fi

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# NODE_COMPILE_CACHE: V8 code for every module the bot starts with, compiled at build time (below), so a cold
# instance skips compiling them: about 50 ms of its start.
ENV NODE_ENV=production PORT=8080 NODE_COMPILE_CACHE=/app/.compile-cache MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /ship ./
COPY --chown=node:node package.json chatops.example.yml ./
RUN mkdir -p /app/.compile-cache && chown node:node /app/.compile-cache
USER node
# Validates the example config and exits: it loads every start-up module once and so fills the compile cache.
RUN node --disable-warning=ExperimentalWarning dist/bundle/main.js --check chatops.example.yml
EXPOSE 8080
# Cloud Run sends SIGTERM and waits 10 s; node as PID 1 receives it directly (exec form, no shell).
# --expose-gc: the vendor clients' warm-up ends with one full collection before /readyz says ready; an 8 MB
# semi-space and two malloc arenas (ENV above) keep ~25 MB less resident (README, Performance).
# An image built WITH_SANDBOX=1 runs the sandbox with: docker run -p 3000:8080 -e HOST=0.0.0.0 \
#   -e CHATOPS_DATA_DIR=/tmp/chatops IMAGE node --disable-warning=ExperimentalWarning dist/sandbox-bundle/main.js
CMD ["node", "--disable-warning=ExperimentalWarning", "--expose-gc", "--max-semi-space-size=8", "dist/bundle/main.js"]

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
COPY bench ./bench
RUN node node_modules/typescript/bin/tsc -p tsconfig.json

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json chatops.example.yml ./
COPY --chown=node:node src/sandbox/page ./src/sandbox/page
USER node
EXPOSE 8080
# Cloud Run sends SIGTERM and waits 10 s; node as PID 1 receives it directly (exec form, no shell).
CMD ["node", "--disable-warning=ExperimentalWarning", "dist/src/main.js"]

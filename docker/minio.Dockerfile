# The S3-compatible server of the signed-letter archive (docker/compose.yaml's `minio`): MinIO built
# from its Go module at the version the tests run (libs/letter/src/minio-dev-server.ts). MinIO's
# community edition is distributed as source since October 2025 (no new official images; the last
# one predates that month's security release), so the image is built here, like the tests build it.
#   docker build -f docker/minio.Dockerfile -t naskah-minio docker
FROM golang:1.24-alpine AS build
ARG MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
RUN CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod GOBIN=/out go install github.com/minio/minio@${MINIO_VERSION}

FROM alpine:3.22
RUN apk add --no-cache ca-certificates && adduser -D -H -u 10001 minio && mkdir /data && chown minio /data
COPY --from=build /out/minio /usr/bin/minio
USER minio
VOLUME /data
EXPOSE 9000
# MINIO_ROOT_USER and MINIO_ROOT_PASSWORD come from the environment (MinIO's documented variables).
ENTRYPOINT ["/usr/bin/minio"]
CMD ["server", "/data", "--address", ":9000"]

# syntax=docker/dockerfile:1
# Build: a static binary with the migrations, templates, catalogues and static files embedded.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/prdesk ./cmd/prdesk

# Run: nothing but the binary, CA certificates for SMTP over TLS, and an unprivileged user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/prdesk /usr/local/bin/prdesk
USER nonroot:nonroot
ENV PORT=8080 FILES_DIR=/var/lib/prdesk/files
VOLUME ["/var/lib/prdesk"]
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/prdesk"]
CMD ["serve"]

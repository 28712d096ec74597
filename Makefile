# vcn-flowcache. `make run` and `make test` do their own set-up on a fresh
# Debian machine: Go modules through the module proxy, Debian packages with
# apt-get where a target needs them.

SHELL := /bin/bash
GO ?= go
BIN := $(CURDIR)/bin
PROTOC_GEN_GO_VERSION := v1.36.12
PROTOC_GEN_GO_GRPC_VERSION := v1.6.2
PROTO_FILES := $(shell find proto -name '*.proto' | sort)

# apt installs a Debian package when its command is missing.
define apt
	@command -v $(1) >/dev/null 2>&1 || { \
	  echo "installing Debian package $(2)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(2) >/dev/null; }
endef

.PHONY: p4 p4-check all deps build test vet unit proto proto-check proto-tools run lab lab-down bench bench-short lint fmt-check py-check

all: build

deps:
	$(GO) mod download

build: deps
	$(GO) build ./...

vet: deps
	$(GO) vet ./...

unit: deps
	$(GO) test -timeout 15m ./...

## test: everything CI runs: formatting, vet, generated code up to date, every test.
test: fmt-check vet proto-check p4-check py-check unit

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

proto-tools:
	$(call apt,protoc,protobuf-compiler)
	@mkdir -p $(BIN)
	@test -x $(BIN)/protoc-gen-go || GOBIN=$(BIN) $(GO) install google.golang.org/protobuf/cmd/protoc-gen-go@$(PROTOC_GEN_GO_VERSION)
	@test -x $(BIN)/protoc-gen-go-grpc || GOBIN=$(BIN) $(GO) install google.golang.org/grpc/cmd/protoc-gen-go-grpc@$(PROTOC_GEN_GO_GRPC_VERSION)

## proto: regenerate the Go code of proto/ (committed).
proto: proto-tools
	cd proto && PATH=$(BIN):$$PATH protoc -I . \
	  --go_out=. --go_opt=paths=source_relative \
	  --go-grpc_out=. --go-grpc_opt=paths=source_relative \
	  $(patsubst proto/%,%,$(PROTO_FILES))

## proto-check: fail when the committed generated code is stale.
proto-check: proto-tools
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && \
	  (cd proto && PATH=$(BIN):$$PATH protoc -I . \
	    --go_out=$$tmp --go_opt=paths=source_relative \
	    --go-grpc_out=$$tmp --go-grpc_opt=paths=source_relative \
	    $(patsubst proto/%,%,$(PROTO_FILES))) && \
	  for f in $$(cd $$tmp && find . -name '*.go'); do \
	    cmp -s $$tmp/$$f proto/$$f || { echo "proto/$$f is stale: run 'make proto' and commit"; exit 1; }; \
	  done && echo "generated protobuf code is up to date"

## p4: compile p4src/smarttor.p4 into p4src/build (P4Info and device-config bundle; committed).
p4: deps
	$(GO) run ./cmd/smarttor compile p4src/smarttor.p4 -o p4src/build

## p4-check: fail when the committed p4src/build does not match the source.
p4-check: deps
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && \
	  $(GO) run ./cmd/smarttor compile p4src/smarttor.p4 -o $$tmp >/dev/null && \
	  for f in p4info.txtpb p4info.binpb smarttor.bundle; do \
	    cmp -s $$tmp/$$f p4src/build/$$f || { echo "p4src/build/$$f is stale: run 'make p4' and commit"; exit 1; }; \
	  done && echo "p4src/build is up to date"

## py-check: the classic PTF tests (for BMv2 labs) must at least compile.
py-check:
	$(call apt,python3,python3)
	python3 -m py_compile ptf/python/*.py topo/mininet/*.py && rm -rf ptf/python/__pycache__ topo/mininet/__pycache__

lint: vet fmt-check
	@echo "lint: gofmt and go vet pass"

## run: the embedded lab (no root): control plane, NIS, 4 smart ToRs, traffic, changes, a report.
run: deps
	$(GO) run ./cmd/vcnlab --topology topo/embedded.yaml

LAB_BINS := ./cmd/vcn-controlplane ./cmd/vcnctl ./cmd/nisvc ./cmd/smarttor ./cmd/tor-agent ./cmd/torctl ./cmd/vcnlab-netns

## lab: the topology of topo/lab.yaml over network namespaces and veth pairs (root).
lab: deps
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/ $(LAB_BINS)
	$(BIN)/vcnlab-netns down -f topo/lab.yaml --state .lab >/dev/null
	$(BIN)/vcnlab-netns up -f topo/lab.yaml --bin $(BIN) --p4 p4src/build --state .lab

## lab-down: remove every namespace, link and process of the lab.
lab-down:
	@mkdir -p $(BIN)
	@test -x $(BIN)/vcnlab-netns || $(GO) build -o $(BIN)/ ./cmd/vcnlab-netns
	$(BIN)/vcnlab-netns down -f topo/lab.yaml --state .lab

## bench: every figure of DESIGN.md: docs/BENCHMARKS.md, docs/benchmarks.json, docs/tradeoff.svg.
bench: deps
	$(GO) run ./cmd/benchreport

## bench-short: the same report at CI scale, written to bin/bench/.
bench-short: deps
	$(GO) run ./cmd/benchreport -short -o bin/bench

// Command vcnctl is the command-line client of the VCN control plane:
//
//	vcnctl [--server ADDR] create|update -f FILE.yaml|json
//	vcnctl get KIND ID
//	vcnctl list KIND [--vcn VCN] [--tor TOR]
//	vcnctl delete KIND ID
//	vcnctl versions [PART...]
//	vcnctl watch [--from REV] [--content]
//
// Output is a human table, or JSON with -o json. Files hold one object per
// YAML document (or a list of them), in the JSON form of
// vcnflowcache.types.v1.Object: {"vcn": {"id": "vcn-1", ...}}.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	cmd := newRootCmd(os.Stdin, os.Stdout, os.Stderr)
	if err := cmd.ExecuteContext(ctx); err != nil {
		stop()
		os.Exit(1)
	}
}

package main

import (
	"context"
	"strings"
	"testing"
)

func TestRunRejectsBadFlags(t *testing.T) {
	tests := []struct {
		name                       string
		listen, cp, vxlan, replica string
		etcd                       []string
		want                       string
	}{
		{"no control plane", "127.0.0.1:0", "", "", "r", nil, "--controlplane is required"},
		{"bad listen address", "256.0.0.1:x", "127.0.0.1:1", "", "r", nil, "listen"},
		{"bad vxlan address", "127.0.0.1:0", "127.0.0.1:1", "nonsense:x:y", "r", nil, "vxlan listen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), options{listen: tt.listen, cpAddr: tt.cp, vxlan: tt.vxlan, replica: tt.replica, workers: 1, etcd: tt.etcd}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

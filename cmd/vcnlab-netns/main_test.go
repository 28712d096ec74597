package main

import (
	"strings"
	"testing"
)

func TestRunErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "usage"},
		{"unknown command", []string{"sideways"}, `unknown command "sideways"`},
		{"bad flag", []string{"up", "--no-such-flag"}, "no-such-flag"},
		{"missing topology", []string{"status", "-f", "testdata/none.yaml"}, "none.yaml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := run(c.args)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("run(%q) = %v, want an error containing %q", c.args, err, c.want)
			}
		})
	}
}

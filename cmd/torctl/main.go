// Command torctl drives a tor-agent through its admin API: the flow cache,
// versions, statistics, invalidation and the strategy.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := newRootCmd(os.Stdout, dialAdmin).Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "torctl:", err)
		os.Exit(1)
	}
}

//go:build race

package exec_test

// raceEnabled: sync.Pool drops items at random under the race detector.
const raceEnabled = true

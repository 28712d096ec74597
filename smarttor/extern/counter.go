package extern

import "sync/atomic"

// CounterCell is one counter: packets and bytes, updated atomically. BMv2
// keeps both whatever the counter's type; the type only says which the
// control plane reads. A direct counter is a CounterCell in each table
// entry.
type CounterCell struct {
	packets atomic.Uint64
	bytes   atomic.Uint64
}

// Count adds one packet of n bytes.
func (c *CounterCell) Count(n uint64) {
	c.packets.Add(1)
	c.bytes.Add(n)
}

// Read returns the packets and bytes counted.
func (c *CounterCell) Read() (packets, bytes uint64) {
	return c.packets.Load(), c.bytes.Load()
}

// Write sets the counts (a P4Runtime counter write).
func (c *CounterCell) Write(packets, bytes uint64) {
	c.packets.Store(packets)
	c.bytes.Store(bytes)
}

// Counter is an indexed array of counters (v1model counter(size, type)).
type Counter struct {
	cells []CounterCell
}

// NewCounter returns an array of size zeroed counters.
func NewCounter(size int) *Counter {
	return &Counter{cells: make([]CounterCell, size)}
}

// Size returns the number of counters.
func (c *Counter) Size() int { return len(c.cells) }

// Count adds one packet of n bytes to counter index. An index out of range
// is ignored and reported false (BMv2 logs an error and goes on).
func (c *Counter) Count(index uint64, n uint64) bool {
	if index >= uint64(len(c.cells)) {
		return false
	}
	c.cells[index].Count(n)
	return true
}

// Cell returns counter index, nil if out of range.
func (c *Counter) Cell(index uint64) *CounterCell {
	if index >= uint64(len(c.cells)) {
		return nil
	}
	return &c.cells[index]
}

// Reset zeroes every counter.
func (c *Counter) Reset() {
	for i := range c.cells {
		c.cells[i].Write(0, 0)
	}
}

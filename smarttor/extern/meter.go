package extern

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// Color is a meter's verdict, the values v1model and BMv2 use.
type Color uint8

// The colors.
const (
	Green  Color = 0
	Yellow Color = 1
	Red    Color = 2
)

// String returns "GREEN", "YELLOW" or "RED".
func (c Color) String() string {
	switch c {
	case Green:
		return "GREEN"
	case Yellow:
		return "YELLOW"
	case Red:
		return "RED"
	}
	return fmt.Sprintf("Color(%d)", c)
}

// MeterUnit is what a meter measures.
type MeterUnit uint8

// The units of v1model's MeterType.
const (
	MeterPackets MeterUnit = iota + 1
	MeterBytes
)

// MeterConfig is a P4Runtime MeterConfig: rates in units (packets or bytes)
// per second, bursts in units.
type MeterConfig struct {
	CIR, CBurst, PIR, PBurst int64
}

// ErrMeterConfig is returned for a configuration BMv2 rejects.
var ErrMeterConfig = errors.New("invalid meter config")

// Clock returns the time since an arbitrary fixed origin. Meters take one so
// tests can drive time.
type Clock func() time.Duration

// MonotonicClock is the real clock: monotonic time since the process
// started using this package.
func MonotonicClock() Clock {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}

// bucket is one of the two token buckets, as BMv2's MeterRate: tokens are
// computed from the time since the origin (in microseconds) times the rate
// (units per microsecond), never from the interval since the last packet.
type bucket struct {
	rate       float64 // units per microsecond
	burst      uint64
	tokens     uint64
	tokensLast uint64
	color      Color
}

// MeterCell is one two-rate three-color marker (RFC 2698, color-blind, as
// BMv2's Meter): the peak bucket is tested first (short of tokens: RED),
// then the committed bucket (short: YELLOW), else GREEN; the buckets a
// packet passes are debited. An unconfigured meter marks GREEN. A direct
// meter is a MeterCell in each table entry.
type MeterCell struct {
	mu         sync.Mutex
	configured bool
	b          [2]bucket // peak, committed
}

// Configure sets the rates; the buckets start full. BMv2 requires
// PIR >= CIR.
func (m *MeterCell) Configure(c MeterConfig) error {
	if c.CIR < 0 || c.PIR < 0 || c.CBurst < 0 || c.PBurst < 0 {
		return fmt.Errorf("%w: negative rate or burst", ErrMeterConfig)
	}
	if c.PIR < c.CIR {
		return fmt.Errorf("%w: PIR %d below CIR %d", ErrMeterConfig, c.PIR, c.CIR)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.b[0] = bucket{rate: float64(c.PIR) / 1e6, burst: uint64(c.PBurst), tokens: uint64(c.PBurst), color: Red}
	m.b[1] = bucket{rate: float64(c.CIR) / 1e6, burst: uint64(c.CBurst), tokens: uint64(c.CBurst), color: Yellow}
	m.configured = true
	return nil
}

// Config returns the configuration, ok false if the meter is unconfigured.
func (m *MeterCell) Config() (c MeterConfig, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.configured {
		return MeterConfig{}, false
	}
	return MeterConfig{
		CIR: int64(math.Round(m.b[1].rate * 1e6)), CBurst: int64(m.b[1].burst),
		PIR: int64(math.Round(m.b[0].rate * 1e6)), PBurst: int64(m.b[0].burst),
	}, true
}

// Reset makes the meter unconfigured (it marks GREEN again).
func (m *MeterCell) Reset() {
	m.mu.Lock()
	m.configured = false
	m.mu.Unlock()
}

// Execute meters one packet of n units (1 for a packet meter, the packet's
// length for a byte meter) at time now and returns its color.
func (m *MeterCell) Execute(now time.Duration, n uint64) Color {
	micros := now.Microseconds()
	if micros < 0 {
		micros = 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.configured {
		return Green
	}
	color := Green
	for i := range m.b {
		b := &m.b[i]
		since := uint64(float64(micros) * b.rate)
		if since > b.tokensLast {
			b.tokens = min(b.tokens+(since-b.tokensLast), b.burst)
		}
		b.tokensLast = max(b.tokensLast, since)
		if b.tokens < n {
			color = b.color
			break
		}
		b.tokens -= n
	}
	return color
}

// Meter is an indexed array of meters (v1model meter(size, type)).
type Meter struct {
	unit  MeterUnit
	clock Clock
	cells []MeterCell
}

// NewMeter returns size unconfigured meters of the unit, reading time from
// clock (MonotonicClock() in production).
func NewMeter(size int, unit MeterUnit, clock Clock) *Meter {
	return &Meter{unit: unit, clock: clock, cells: make([]MeterCell, size)}
}

// Size returns the number of meters.
func (m *Meter) Size() int { return len(m.cells) }

// Unit returns what the meters measure.
func (m *Meter) Unit() MeterUnit { return m.unit }

// Cell returns meter index, nil if out of range.
func (m *Meter) Cell(index uint64) *MeterCell {
	if index >= uint64(len(m.cells)) {
		return nil
	}
	return &m.cells[index]
}

// Execute meters a packet of length bytes with meter index
// (execute_meter) and returns its color; an index out of range gives
// GREEN, reported false.
func (m *Meter) Execute(index uint64, length uint64) (Color, bool) {
	if index >= uint64(len(m.cells)) {
		return Green, false
	}
	n := uint64(1)
	if m.unit == MeterBytes {
		n = length
	}
	return m.cells[index].Execute(m.clock(), n), true
}

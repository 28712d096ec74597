package stf

import (
	"fmt"
	"strings"
)

// matches reports whether the received frame matches an expectation, as
// bmv2stf compares: nibble by nibble, '*' matching any; the frame may be
// longer unless the expectation ends in '$'. It returns the index of the
// first differing nibble (or the shorter length) when it does not.
func matches(e *Expect, got []byte) (bool, int) {
	h := fmt.Sprintf("%X", got)
	if len(h) < len(e.Pattern) {
		return false, len(h)
	}
	for i := 0; i < len(e.Pattern); i++ {
		if c := e.Pattern[i]; c != '*' && c != h[i] {
			return false, i
		}
	}
	if e.Exact && len(h) != len(e.Pattern) {
		return false, len(e.Pattern)
	}
	return true, -1
}

// compare checks the packets received on every port against the
// expectations, in order, as bmv2stf does: a port with "expect PORT" and
// no data accepts anything; every other port must have exactly the
// expected packets. It returns the report of the differences, "" when
// there are none.
func (r *run) compare() string {
	var b strings.Builder
	for _, port := range r.sortedPorts() {
		if r.any[port] {
			continue
		}
		want, got := r.want[port], r.got[port]
		var pb strings.Builder
		for i := 0; i < max(len(want), len(got)); i++ {
			switch {
			case i >= len(got):
				fmt.Fprintf(&pb, "  packet %d (expect at line %d%s): missing\n", i, want[i].Line, exactMark(want[i]))
				writeRows(&pb, want[i].Pattern, "", nil)
			case i >= len(want):
				fmt.Fprintf(&pb, "  packet %d: unexpected\n", i)
				writeRows(&pb, "", fmt.Sprintf("%X", got[i]), nil)
			default:
				if ok, _ := matches(want[i], got[i]); ok {
					continue
				}
				fmt.Fprintf(&pb, "  packet %d (expect at line %d%s) differs:\n", i, want[i].Line, exactMark(want[i]))
				g := fmt.Sprintf("%X", got[i])
				writeRows(&pb, want[i].Pattern, g, marks(want[i], g))
			}
		}
		if pb.Len() > 0 {
			fmt.Fprintf(&b, "port %d: expected %d packets, got %d\n%s", port, len(want), len(got), pb.String())
		}
	}
	return b.String()
}

func exactMark(e *Expect) string {
	if e.Exact {
		return ", exact length"
	}
	return ""
}

// marks returns, for every nibble position, whether expectation and
// frame differ there ('$' past the end counts as a difference).
func marks(e *Expect, got string) []bool {
	n := max(len(e.Pattern), len(got))
	m := make([]bool, n)
	for i := 0; i < n; i++ {
		switch {
		case i >= len(got):
			m[i] = true
		case i >= len(e.Pattern):
			m[i] = e.Exact
		default:
			m[i] = e.Pattern[i] != '*' && e.Pattern[i] != got[i]
		}
	}
	return m
}

// rowNibbles is the number of nibbles per row of the diff (32 bytes).
const rowNibbles = 64

// writeRows writes want and got hex side by side in rows of rowNibbles,
// grouped by 4 bytes, with '^' under the differing nibbles.
func writeRows(b *strings.Builder, want, got string, diff []bool) {
	n := max(len(want), len(got))
	for off := 0; off < n; off += rowNibbles {
		end := min(off+rowNibbles, n)
		fmt.Fprintf(b, "    %04x want %s\n", off/2, group(want, off, end))
		fmt.Fprintf(b, "    %04x got  %s\n", off/2, group(got, off, end))
		if diff != nil {
			var m strings.Builder
			any := false
			for i := off; i < end; i++ {
				if i > off && (i-off)%8 == 0 {
					m.WriteByte(' ')
				}
				if i < len(diff) && diff[i] {
					m.WriteByte('^')
					any = true
				} else {
					m.WriteByte(' ')
				}
			}
			if any {
				fmt.Fprintf(b, "              %s\n", strings.TrimRight(m.String(), " "))
			}
		}
	}
}

// group returns s[off:end] (clipped) with a space every 8 nibbles.
func group(s string, off, end int) string {
	var b strings.Builder
	for i := off; i < end && i < len(s); i++ {
		if i > off && (i-off)%8 == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

package stf

import (
	"fmt"
	"math/big"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
)

// Key match kinds, as P4Info names them.
const (
	kindExact    = "exact"
	kindLPM      = "lpm"
	kindTernary  = "ternary"
	kindRange    = "range"
	kindOptional = "optional"
)

// valueBytes converts a number (decimal, 0x, 0b, 0o), an IPv4 address
// (a.b.c.d), a MAC address (aa:bb:cc:dd:ee:ff) or an IPv6 address into
// ceil(width/8) big-endian bytes; with width < 0 it only checks the form
// and returns the minimal bytes.
func valueBytes(s string, width int) ([]byte, error) {
	n, err := parseValue(s)
	if err != nil {
		return nil, err
	}
	return fitBig(n, width, s)
}

func fitBig(n *big.Int, width int, s string) ([]byte, error) {
	if width < 0 {
		return n.Bytes(), nil
	}
	if n.BitLen() > width {
		return nil, fmt.Errorf("value %s does not fit in %d bits", s, width)
	}
	out := make([]byte, (width+7)/8)
	return n.FillBytes(out), nil
}

func parseValue(s string) (*big.Int, error) {
	switch {
	case strings.Count(s, ".") == 3:
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is4() {
			return nil, fmt.Errorf("bad IPv4 address %q", s)
		}
		b := a.As4()
		return new(big.Int).SetBytes(b[:]), nil
	case isMAC(s):
		var b []byte
		for _, p := range strings.Split(s, ":") {
			v, _ := strconv.ParseUint(p, 16, 8)
			b = append(b, byte(v))
		}
		return new(big.Int).SetBytes(b), nil
	case strings.Contains(s, ":"):
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is6() {
			return nil, fmt.Errorf("bad address %q", s)
		}
		b := a.As16()
		return new(big.Int).SetBytes(b[:]), nil
	}
	if strings.HasPrefix(s, "-") {
		return nil, fmt.Errorf("negative value %q", s)
	}
	n, ok := new(big.Int).SetString(strings.ReplaceAll(s, "_", ""), 0)
	if !ok {
		return nil, fmt.Errorf("bad number %q", s)
	}
	return n, nil
}

func isMAC(s string) bool {
	parts := strings.Split(s, ":")
	if len(parts) != 6 {
		return false
	}
	for _, p := range parts {
		if len(p) == 0 || len(p) > 2 {
			return false
		}
		if _, err := strconv.ParseUint(p, 16, 8); err != nil {
			return false
		}
	}
	return true
}

// ternDigits splits a 0x/0b/0o number with '*' digits into its value and
// its mask (one mask digit per written digit, as bmv2stf's makeMask); ok
// is false for other forms.
func ternDigits(s string) (val, mask *big.Int, digits, bitsPerDigit int, ok bool) {
	if len(s) < 3 || s[0] != '0' {
		return nil, nil, 0, 0, false
	}
	var base int
	switch s[1] {
	case 'x', 'X':
		base, bitsPerDigit = 16, 4
	case 'b', 'B':
		base, bitsPerDigit = 2, 1
	case 'o', 'O':
		base, bitsPerDigit = 8, 3
	default:
		return nil, nil, 0, 0, false
	}
	val, mask = new(big.Int), new(big.Int)
	full := big.NewInt(int64(base - 1))
	for _, c := range s[2:] {
		if c == '_' {
			continue
		}
		val.Lsh(val, uint(bitsPerDigit))
		mask.Lsh(mask, uint(bitsPerDigit))
		digits++
		if c == '*' {
			continue
		}
		d, err := strconv.ParseUint(string(c), base, 8)
		if err != nil {
			return nil, nil, 0, 0, false
		}
		val.Or(val, big.NewInt(int64(d)))
		mask.Or(mask, full)
	}
	return val, mask, digits, bitsPerDigit, digits > 0
}

// checkMatchValue checks the form of a key value at parse time.
func checkMatchValue(s string) error {
	if s == "*" {
		return nil
	}
	if v, m, ok := strings.Cut(s, "&&&"); ok {
		if _, err := parseValue(v); err != nil {
			return err
		}
		_, err := parseValue(m)
		return err
	}
	if lo, hi, ok := strings.Cut(s, "->"); ok {
		if _, err := parseValue(lo); err != nil {
			return err
		}
		_, err := parseValue(hi)
		return err
	}
	if v, l, ok := strings.Cut(s, "/"); ok {
		if _, _, _, _, ok := ternDigits(v); !ok {
			if _, err := parseValue(v); err != nil {
				return err
			}
		}
		if _, err := strconv.ParseUint(l, 10, 16); err != nil {
			return fmt.Errorf("bad prefix length %q", l)
		}
		return nil
	}
	if _, _, _, _, ok := ternDigits(s); ok {
		return nil
	}
	_, err := parseValue(s)
	return err
}

func ones(width int) *big.Int {
	return new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(width)), big.NewInt(1))
}

func prefixMask(plen, width int) *big.Int {
	return new(big.Int).Lsh(ones(plen), uint(width-plen))
}

// matchValue converts a key value for a field of kind and width into a
// match.FieldMatch, as bmv2stf and simple_switch_CLI read it.
func matchValue(s, kind string, width int) (match.FieldMatch, error) {
	var fm match.FieldMatch
	if s == "*" {
		if kind == kindExact {
			return fm, fmt.Errorf("'*' for an exact key")
		}
		fm.Wildcard = true
		return fm, nil
	}
	if v, m, ok := strings.Cut(s, "&&&"); ok {
		if kind != kindTernary {
			return fm, fmt.Errorf("value&&&mask for a %s key", kind)
		}
		vn, err := parseValue(v)
		if err != nil {
			return fm, err
		}
		mn, err := parseValue(m)
		if err != nil {
			return fm, err
		}
		mn.And(mn, ones(width))
		vn.And(vn, mn)
		return bytesOf(fm, vn, mn, width, s)
	}
	if lo, hi, ok := strings.Cut(s, "->"); ok {
		if kind != kindRange {
			return fm, fmt.Errorf("low->high for a %s key", kind)
		}
		var err error
		if fm.Value, err = valueBytes(lo, width); err != nil {
			return fm, err
		}
		if fm.High, err = valueBytes(hi, width); err != nil {
			return fm, err
		}
		return fm, nil
	}
	var vn *big.Int
	plen := -1
	var mn *big.Int
	if v, l, ok := strings.Cut(s, "/"); ok {
		p, err := strconv.Atoi(l)
		if err != nil || p < 0 || p > width {
			return fm, fmt.Errorf("bad prefix length %q for %d bits", l, width)
		}
		plen = p
		if tv, _, _, _, ok := ternDigits(v); ok {
			vn = tv
		} else if vn, err = parseValue(v); err != nil {
			return fm, err
		}
	} else if tv, tm, digits, bpd, ok := ternDigits(s); ok {
		vn, mn = tv, tm
		if kind == kindLPM {
			// bmv2stf: the prefix is the written digits, '*' excluded.
			stars := strings.Count(s, "*")
			plen = min((digits-stars)*bpd, width)
		}
	} else {
		var err error
		if vn, err = parseValue(s); err != nil {
			return fm, err
		}
	}
	switch kind {
	case kindExact, kindOptional:
		if strings.Contains(s, "*") {
			return fm, fmt.Errorf("'*' digits in a %s key", kind)
		}
		if plen >= 0 {
			return fm, fmt.Errorf("prefix for a %s key", kind)
		}
		b, err := fitBig(vn, width, s)
		fm.Value = b
		return fm, err
	case kindLPM:
		if plen < 0 {
			plen = width
		}
		fm.PrefixLen = plen
		vn.And(vn, prefixMask(plen, width))
		b, err := fitBig(vn, width, s)
		fm.Value = b
		return fm, err
	case kindTernary:
		switch {
		case plen >= 0:
			mn = prefixMask(plen, width)
		case mn == nil:
			mn = ones(width)
		}
		mn.And(mn, ones(width))
		vn.And(vn, mn)
		return bytesOf(fm, vn, mn, width, s)
	case kindRange:
		b, err := fitBig(vn, width, s)
		fm.Value, fm.High = b, b
		return fm, err
	}
	return fm, fmt.Errorf("unsupported match kind %q", kind)
}

func bytesOf(fm match.FieldMatch, vn, mn *big.Int, width int, s string) (match.FieldMatch, error) {
	var err error
	if fm.Value, err = fitBig(vn, width, s); err != nil {
		return fm, err
	}
	fm.Mask, err = fitBig(mn, width, s)
	return fm, err
}

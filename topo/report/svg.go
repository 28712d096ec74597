package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/topo/tradeoff"
)

// Plot geometry, in SVG user units.
const (
	svgW, svgH                     = 830, 500
	plotL, plotR, plotT, plotB     = 90, 560, 50, 430
	legendX, legendY, legendRowGap = 580, 70, 22
)

var strategyStyle = map[tradeoff.Strategy]struct{ color, dash, marker string }{
	tradeoff.NISPush:    {"#1f77b4", "", "circle"},
	tradeoff.NISNotify:  {"#ff7f0e", "6 3", "square"},
	tradeoff.ToRPassive: {"#2ca02c", "2 3", "diamond"},
	tradeoff.ToRActive:  {"#d62728", "10 4 2 4", "triangle"},
}

// axis is a log10 axis from 10^lo to 10^hi mapped onto [a, b].
type axis struct {
	lo, hi int
	a, b   float64
}

func (x axis) at(v float64) float64 {
	l := math.Log10(v)
	l = math.Max(float64(x.lo), math.Min(float64(x.hi), l))
	return x.a + (l-float64(x.lo))/float64(x.hi-x.lo)*(x.b-x.a)
}

func xmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}

func marker(kind string, x, y float64, color string) string {
	switch kind {
	case "square":
		return fmt.Sprintf(`<rect x="%.1f" y="%.1f" width="7" height="7" fill="%s"/>`, x-3.5, y-3.5, color)
	case "diamond":
		return fmt.Sprintf(`<polygon points="%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f" fill="%s"/>`, x, y-5, x+5, y, x, y+5, x-5, y, color)
	case "triangle":
		return fmt.Sprintf(`<polygon points="%.1f,%.1f %.1f,%.1f %.1f,%.1f" fill="%s"/>`, x, y-5, x+5, y+4, x-5, y+4, color)
	}
	return fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>`, x, y, color)
}

func decadeLabel(e int, pct bool) string {
	if pct {
		v := math.Pow(10, float64(e)) * 100
		return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".") + "%"
	}
	switch {
	case e >= 6:
		return fmt.Sprintf("%gM", math.Pow(10, float64(e-6)))
	case e >= 3:
		return fmt.Sprintf("%gk", math.Pow(10, float64(e-3)))
	}
	return fmt.Sprintf("%g", math.Pow(10, float64(e)))
}

// SVG plots the trade-off: switch entries (log x) against slow-path share
// (log y), a line per strategy (with the version check), the full
// configuration and NIS-only designs as labelled points. NIS-only has no
// entries, so it sits on the left edge.
func SVG(r tradeoff.Result) []byte {
	minE, maxE, minS := math.Inf(1), 1.0, 1.0
	for _, pt := range r.Points {
		if pt.Entries > 0 {
			minE = math.Min(minE, float64(pt.Entries))
			maxE = math.Max(maxE, float64(pt.Entries))
		}
		if pt.SlowShare > 0 {
			minS = math.Min(minS, pt.SlowShare)
		}
	}
	if math.IsInf(minE, 1) {
		minE = 1
	}
	x := axis{int(math.Floor(math.Log10(minE))) - 1, int(math.Ceil(math.Log10(maxE))), plotL, plotR}
	if x.hi <= x.lo {
		x.hi = x.lo + 1
	}
	y := axis{int(math.Floor(math.Log10(minS))), 0, plotB, plotT}
	if y.lo >= 0 {
		y.lo = -1
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...); b.WriteByte('\n') }
	p(`<?xml version="1.0" encoding="UTF-8"?>`)
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`, svgW, svgH, svgW, svgH)
	p(`<title>Switch memory vs. slow-path share</title>`)
	p(`<rect width="%d" height="%d" fill="white"/>`, svgW, svgH)
	p(`<text x="%d" y="28" font-size="15" font-weight="bold">Switch memory vs. slow-path share (%s packets)</text>`, plotL, FormatValue(float64(r.Packets)))
	// Grid and ticks.
	for e := x.lo; e <= x.hi; e++ {
		px := x.at(math.Pow(10, float64(e)))
		p(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`, px, plotT, px, plotB)
		p(`<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, px, plotB+18, decadeLabel(e, false))
	}
	for e := y.lo; e <= y.hi; e++ {
		py := y.at(math.Pow(10, float64(e)))
		p(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`, plotL, py, plotR, py)
		p(`<text x="%d" y="%.1f" text-anchor="end">%s</text>`, plotL-8, py+4, decadeLabel(e, true))
	}
	p(`<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>`, plotL, plotT, plotR-plotL, plotB-plotT)
	p(`<text x="%d" y="%d" text-anchor="middle">switch memory (table entries, log scale)</text>`, (plotL+plotR)/2, plotB+40)
	p(`<text x="22" y="%d" text-anchor="middle" transform="rotate(-90 22 %d)">slow-path share (packets through the NIS, log scale)</text>`, (plotT+plotB)/2, (plotT+plotB)/2)
	// Flow-cache lines.
	ly := legendY
	for _, s := range r.Params.Strategies {
		c := r.Curve(s, true)
		if len(c) == 0 {
			continue
		}
		st := strategyStyle[s]
		var pts []string
		for _, pt := range c {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x.at(float64(pt.Entries)), y.at(pt.SlowShare)))
		}
		dash := ""
		if st.dash != "" {
			dash = fmt.Sprintf(` stroke-dasharray="%s"`, st.dash)
		}
		p(`<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`, strings.Join(pts, " "), st.color, dash)
		for _, pt := range c {
			p(`%s`, marker(st.marker, x.at(float64(pt.Entries)), y.at(pt.SlowShare), st.color))
		}
		p(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`, legendX, ly, legendX+30, ly, st.color, dash)
		p(`%s`, marker(st.marker, legendX+15, float64(ly), st.color))
		last := c[len(c)-1]
		p(`<text x="%d" y="%d">flow cache, %s</text>`, legendX+38, ly+4, xmlEscape(string(s)))
		p(`<text x="%d" y="%d" font-size="10" fill="#555">%s slow-path packets from changes</text>`, legendX+38, ly+15, FormatValue(float64(last.StaleMisses+last.RefreshMisses)))
		ly += 10
		ly += legendRowGap
	}
	// The other designs.
	if full, ok := r.Design(tradeoff.DesignFullConfig); ok {
		fx, fy := x.at(float64(full.Entries)), y.at(math.Max(full.SlowShare, math.Pow(10, float64(y.lo))))
		p(`<rect x="%.1f" y="%.1f" width="10" height="10" fill="none" stroke="black" stroke-width="2"/>`, fx-5, fy-5)
		p(`<text x="%.1f" y="%.1f" text-anchor="end">full config: %s entries, %s</text>`, fx-8, fy-10, FormatValue(float64(full.Entries)), FormatPercent(full.SlowShare))
		p(`<rect x="%d" y="%d" width="10" height="10" fill="none" stroke="black" stroke-width="2"/>`, legendX+10, ly-5)
		p(`<text x="%d" y="%d">full configuration</text>`, legendX+38, ly+4)
		ly += legendRowGap
	}
	if nis, ok := r.Design(tradeoff.DesignNISOnly); ok {
		nx, ny := float64(plotL), y.at(nis.SlowShare)
		p(`<circle cx="%.1f" cy="%.1f" r="6" fill="none" stroke="black" stroke-width="2"/>`, nx, ny)
		p(`<text x="%.1f" y="%.1f">everything through the NIS: 0 entries, %s</text>`, nx+10, ny+16, FormatPercent(nis.SlowShare))
		p(`<circle cx="%d" cy="%d" r="5" fill="none" stroke="black" stroke-width="2"/>`, legendX+15, ly)
		p(`<text x="%d" y="%d">NIS only (0 entries)</text>`, legendX+38, ly+4)
		ly += legendRowGap
	}
	p(`<text x="%d" y="%d" font-size="11" fill="#555">idle timeout %v, evict oldest when full;</text>`, legendX, ly+10, r.Params.IdleTimeout)
	p(`<text x="%d" y="%d" font-size="11" fill="#555">version check on (0 stale-forwarded);</text>`, legendX, ly+25)
	p(`<text x="%d" y="%d" font-size="11" fill="#555">change counts at the largest table</text>`, legendX, ly+40)
	p(`</svg>`)
	return []byte(b.String())
}

package controlplane

import "github.com/vcn-flowcache/vcn-flowcache/vcn"

// maxHistory bounds how many bumped parts' contents the mirror keeps.
const maxHistory = 100000

// history remembers, for the most recent revisions, the content of every
// part bumped at that revision as it was then, so that a watch with
// content sends each bump with the content of exactly that version.
type history struct {
	revs  []int64 // oldest first
	byRev map[int64][]vcn.PartContent
	n     int // contents held
}

func newHistory() *history { return &history{byRev: map[int64][]vcn.PartContent{}} }

func (h *history) add(rev int64, cs []vcn.PartContent) {
	h.revs = append(h.revs, rev)
	h.byRev[rev] = cs
	h.n += len(cs)
	for h.n > maxHistory && len(h.revs) > 1 {
		old := h.revs[0]
		h.revs = h.revs[1:]
		h.n -= len(h.byRev[old])
		delete(h.byRev, old)
	}
}

// content returns the content of part p as bumped at revision rev, if
// that revision is still remembered.
func (h *history) content(rev int64, p vcn.PartID) (vcn.PartContent, bool) {
	for _, c := range h.byRev[rev] {
		if c.Part == p {
			return c, true
		}
	}
	return vcn.PartContent{}, false
}

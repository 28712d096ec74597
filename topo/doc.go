// Package topo holds lab topologies: the embedded (in-process) lab, the
// network-namespace lab and the Mininet script under topo/mininet.
//
// It may import every component; no component imports it.
package topo

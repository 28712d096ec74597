// Package controlplane is the VCN control plane: the configuration API,
// validation, versions over configuration parts, the etcd store and the
// watch stream of version bumps.
//
// It may import the vcn domain package and the project's generated protobuf
// packages. Only its store subpackage imports etcd.
package controlplane

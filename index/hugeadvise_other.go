//go:build unix && !linux

package index

// adviseHuge: no transparent huge pages to ask for here.
func adviseHuge([]byte) {}

//go:build !unix

package index

// mapAnon: no anonymous mappings here; the pinned postings stay on the
// heap.
func mapAnon(int) []byte { return nil }

// mapHuge: no anonymous mappings here; accumulators stay on the heap.
func mapHuge(int) []byte { return nil }

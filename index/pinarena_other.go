//go:build !unix

package index

// mapAnon: no anonymous mappings here; the pinned postings stay on the
// heap.
func mapAnon(int) []byte { return nil }

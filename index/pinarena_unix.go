//go:build unix

package index

import (
	"syscall"
	"unsafe"
)

// mapAnon maps n bytes of anonymous memory, nil when it cannot.
func mapAnon(n int) []byte {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil
	}
	return b
}

// hugePage is the size of a transparent huge page on amd64 and arm64.
const hugePage = 2 << 20

// mapHuge maps n bytes of anonymous memory starting on a huge-page
// boundary and asks for huge pages there, nil when it cannot map. Where
// the system gives no huge page it is small pages, as mapAnon's.
func mapHuge(n int) []byte {
	size := (n + hugePage - 1) &^ (hugePage - 1)
	b := mapAnon(size + hugePage)
	if b == nil {
		return nil
	}
	at := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	skip := int((at+hugePage-1)&^(hugePage-1) - at)
	b = b[skip : skip+size : skip+size]
	// the slack before and after stays unwritten: address space, not memory
	adviseHuge(b)
	return b[:n:n]
}

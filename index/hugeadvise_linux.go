package index

import "syscall"

// adviseHuge asks for b to be backed by huge pages when it is first
// written. With transparent huge pages "madvise" (this machine kind's
// setting) nothing else gets them; "never" refuses, and b stays on small
// pages.
func adviseHuge(b []byte) { syscall.Madvise(b, syscall.MADV_HUGEPAGE) }

//go:build linux

package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestAdviseHeap checks that the room adviseHeap frees is marked for huge
// pages ("hg" in its mapping's VmFlags), where the heap will grow.
func TestAdviseHeap(t *testing.T) {
	lo, hi := adviseHeap(16 << 20)
	if lo == hi {
		t.Skip("the kernel refused MADV_HUGEPAGE (no transparent huge pages)")
	}
	if hi-lo < 12<<20 || lo%hugePage != 0 || hi%hugePage != 0 {
		t.Fatalf("advised %#x-%#x: want at least 12 MB of aligned 2 MB pages out of 16", lo, hi)
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	covered := uintptr(0) // bytes of [lo, hi) in mappings marked hg
	var start, end uintptr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if a, b, ok := mappingRange(line); ok {
			start, end = a, b
			continue
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && end > lo && start < hi {
			if strings.Contains(" "+flags+" ", " hg ") {
				covered += min(end, hi) - max(start, lo)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if covered != hi-lo {
		t.Errorf("%d of %d advised bytes are in mappings marked for huge pages", covered, hi-lo)
	}
}

// mappingRange parses the range of a smaps header line, "lo-hi perms ...".
func mappingRange(line string) (lo, hi uintptr, ok bool) {
	f := strings.Fields(line)
	if len(f) < 5 {
		return 0, 0, false
	}
	a, b, found := strings.Cut(f[0], "-")
	x, err1 := strconv.ParseUint(a, 16, 64)
	y, err2 := strconv.ParseUint(b, 16, 64)
	if !found || err1 != nil || err2 != nil || y <= x {
		return 0, 0, false
	}
	return uintptr(x), uintptr(y), true
}
